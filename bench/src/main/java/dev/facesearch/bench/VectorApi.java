package dev.facesearch.bench;

/**
 * Whether Lucene's Panama kernels can run: the JDK's incubating vector API must be in the boot
 * layer ({@code --add-modules jdk.incubator.vector}); without it Lucene falls back to scalar loops
 * and every vector figure of the bench means something else.
 */
final class VectorApi {
  private VectorApi() {}

  static boolean enabled() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  /** One line for the benchmark output. */
  static String describe() {
    return enabled()
        ? "vector API: jdk.incubator.vector is enabled (Java "
            + Runtime.version().feature()
            + "); Lucene uses its Panama kernels"
        : "vector API: NOT enabled; run with --add-modules jdk.incubator.vector (./facesearch bench does)";
  }
}
