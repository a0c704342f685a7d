package dev.facesearch.server.landmark;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The compact 68-point model the models build writes ({@code dlib_shape_predictor_68.bin} under
 * {@code facesearch.models.out}), loaded once for all tests; tests skip when it is absent.
 */
final class DlibShapeModel {
  private DlibShapeModel() {}

  private static ShapePredictor loaded;

  static Path file() {
    String out = System.getProperty("facesearch.models.out", "../models/target/onnx");
    return Path.of(out).resolve("dlib_shape_predictor_68.bin");
  }

  /** The predictor, or a skip of the calling test when the file is not there. */
  static synchronized ShapePredictor predictor() {
    Path file = file();
    assumeTrue(
        Files.isRegularFile(file),
        "skipped: dlib's shape predictor is not built ("
            + file
            + "): ./facesearch models makes it from Debian's libdlib-data (apt-get download, or"
            + " --dlib-data FILE)");
    if (loaded == null) {
      try {
        loaded = ShapePredictor.read(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return loaded;
  }
}
