package dev.facesearch.bench;

import dev.facesearch.bench.load.LoadBench;
import dev.facesearch.bench.load.ScaleOutBench;
import dev.facesearch.bench.search.PeerBench;
import dev.facesearch.bench.search.SearchBench;
import java.util.Arrays;

/**
 * Entry point of {@code facesearch-bench.jar}, reached through {@code ./facesearch bench}.
 *
 * <ul>
 *   <li>{@code quick}: every figure of the bench in about 10 minutes: the distance kernels (JMH,
 *       short iterations), the gallery search benchmark's quick plan, the peers at 20k faces, and
 *       the load harness's quick plan (pipeline stages for dlib's path and SSD, dlib's detector and
 *       predictor against dlib's own C++, Identify by embedding and by image, Enroll of embeddings
 *       and by image), each with its targets.
 *   <li>{@code search [quick|full|scale] [options]}: the gallery search benchmark ({@link
 *       SearchBench}).
 *   <li>{@code load [quick|full] [options]}: the pipeline and RPC load harness ({@link LoadBench}).
 *   <li>{@code scaleout [options]}: Identify by embedding on the embedded gallery and on an
 *       OpenSearch cluster with 1 and 3 shards ({@link ScaleOutBench}).
 *   <li>{@code peers [options]}: Lucene HNSW, hnswlib, FAISS and Identify over gRPC on the same
 *       vectors, compared at equal recall@10 ({@link PeerBench}).
 *   <li>anything else: JMH's own command line, e.g. {@code DistanceBenchmark -f 1}.
 * </ul>
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (command) {
      case "quick" -> quick(rest);
      case "search" -> SearchBench.main(rest);
      case "load" -> LoadBench.main(rest);
      case "scaleout" -> ScaleOutBench.main(rest);
      case "peers" -> PeerBench.main(rest);
      default -> org.openjdk.jmh.Main.main(args);
    }
  }

  private static void quick(String[] rest) throws Exception {
    if (rest.length > 0) {
      System.err.println("quick takes no options; run search or load for a tailored run");
      System.exit(2);
    }
    long start = System.nanoTime();
    DistanceSummary.run();
    SearchBench.main(new String[] {"quick"});
    PeerBench.quick(System.out, System.err);
    LoadBench.main(new String[] {"quick", "--clients=1,4,16"});
    System.out.printf("quick: %.1f minutes in all%n", (System.nanoTime() - start) / 60e9);
  }
}
