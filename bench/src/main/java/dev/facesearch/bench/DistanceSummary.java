package dev.facesearch.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link DistanceBenchmark} through the JMH API with short iterations and turns its rows into
 * one table per kernel: ops/us of each variant by size, the VectorUtil/scalar ratio, and the target
 * check (VectorUtil >= 4x the scalar loop at 128-D), all from the same run.
 */
final class DistanceSummary {
  static final int TARGET_SIZE = 128;
  static final double TARGET_RATIO = 4.0;

  private DistanceSummary() {}

  /** Runs the benchmark (about 2 minutes) and prints the tables. */
  static void run() throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include(DistanceBenchmark.class.getName())
            .warmupIterations(2)
            .warmupTime(TimeValue.milliseconds(500))
            .measurementIterations(3)
            .measurementTime(TimeValue.seconds(1))
            .forks(1)
            // The tables below are the output; JMH's per-iteration log would bury them.
            .verbosity(VerboseMode.SILENT)
            .build();
    System.err.println("... distance kernels: 24 JMH runs of about 4 s each");
    Collection<RunResult> results = new Runner(options).run();
    System.out.println(
        "# Distance kernels (JMH: 1 fork, 2 x 0.5 s warm-up, 3 x 1 s measured; ops/us, higher is"
            + " better)");
    System.out.println();
    System.out.println(VectorApi.describe());
    System.out.println();
    for (String kernel : new String[] {"squareDistance", "dotProduct"}) {
      print(kernel, results);
    }
  }

  private static void print(String kernel, Collection<RunResult> results) {
    // size -> variant -> score
    Map<Integer, Map<String, Double>> scores = new TreeMap<>();
    for (RunResult result : results) {
      String method = result.getParams().getBenchmark();
      method = method.substring(method.lastIndexOf('.') + 1);
      if (!method.startsWith(kernel)) {
        continue;
      }
      int size = Integer.parseInt(result.getParams().getParam("size"));
      scores
          .computeIfAbsent(size, s -> new TreeMap<>())
          .put(method.substring(kernel.length()), result.getPrimaryResult().getScore());
    }
    MarkdownTable table =
        new MarkdownTable("size", "scalar", "VectorUtil", "VectorUtil int8", "VectorUtil / scalar");
    for (Map.Entry<Integer, Map<String, Double>> entry : scores.entrySet()) {
      Map<String, Double> bySize = entry.getValue();
      table.row(
          entry.getKey(),
          bySize.getOrDefault("Scalar", Double.NaN),
          bySize.getOrDefault("VectorUtil", Double.NaN),
          bySize.getOrDefault("Int8", Double.NaN),
          MarkdownTable.fixed(ratio(bySize), 2) + "x");
    }
    System.out.println("## " + kernel);
    System.out.println();
    table.print(System.out);
    Map<String, Double> at128 = scores.get(TARGET_SIZE);
    double ratio = at128 == null ? Double.NaN : ratio(at128);
    System.out.printf(
        Locale.ROOT,
        "Target: %s VectorUtil >= %.0fx the scalar loop at %d-D: **%s** (%.2fx)%n%n",
        kernel,
        TARGET_RATIO,
        TARGET_SIZE,
        ratio >= TARGET_RATIO ? "PASS" : "MISS",
        ratio);
  }

  private static double ratio(Map<String, Double> bySize) {
    return bySize.getOrDefault("VectorUtil", Double.NaN)
        / bySize.getOrDefault("Scalar", Double.NaN);
  }
}
