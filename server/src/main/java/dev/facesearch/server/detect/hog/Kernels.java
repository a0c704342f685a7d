package dev.facesearch.server.detect.hog;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Picks the {@link HogKernel}: the Vector API one when the JVM was started with {@code
 * --add-modules jdk.incubator.vector} (the launcher and the tests do), otherwise the plain one, so
 * the server still runs, slower, on a JVM without the flag.
 */
final class Kernels {
  private static final Logger LOG = Logger.getLogger(Kernels.class.getName());

  private Kernels() {}

  /** Whether the incubating Vector API module is in the boot layer. */
  static boolean vectorApiPresent() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  static HogKernel best() {
    if (!vectorApiPresent()) {
      LOG.info("HOG face detector: jdk.incubator.vector is not enabled; using plain loops");
      return ScalarKernel.INSTANCE;
    }
    try {
      // VectorKernel is only loaded here, so a JVM without the module never links against it.
      return VectorKernel.create();
    } catch (LinkageError e) {
      LOG.log(
          Level.WARNING, "HOG face detector: the Vector API failed to load; using plain loops", e);
      return ScalarKernel.INSTANCE;
    }
  }
}
