package dev.facesearch.bench;

import dev.facesearch.bench.search.SearchBench;
import java.util.Arrays;

/**
 * Entry point of {@code facesearch-bench.jar}: {@code search ...} runs the gallery search benchmark
 * ({@link SearchBench}); anything else goes to JMH's own main, as before.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("search")) {
      SearchBench.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    org.openjdk.jmh.Main.main(args);
  }
}
