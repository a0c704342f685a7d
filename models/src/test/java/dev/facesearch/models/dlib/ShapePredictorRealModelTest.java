package dev.facesearch.models.dlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Converts the real {@code shape_predictor_68_face_landmarks.dat} (Debian's {@code libdlib-data}),
 * found through the system property {@code facesearch.dlib.shapePredictor}, else at Debian's path;
 * skipped when it is not there. With {@code facesearch.dlib.writeTo} set, also writes the compact
 * file there, for the server's tests.
 */
class ShapePredictorRealModelTest {
  private static final Path DEBIAN =
      Path.of("/tmp/dlibpkg/data/usr/share/dlib/shape_predictor_68_face_landmarks.dat");

  private static Path model() {
    String property = System.getProperty("facesearch.dlib.shapePredictor");
    Path path = property != null ? Path.of(property) : DEBIAN;
    assumeTrue(
        Files.isRegularFile(path),
        "skipped: no dlib shape predictor at "
            + path
            + " (set facesearch.dlib.shapePredictor to shape_predictor_68_face_landmarks.dat)");
    return path;
  }

  @Test
  void convert_realModel_hasTheDlib68LayoutAndAFaceShapedMean() throws IOException {
    Path dat = model();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = Files.newInputStream(dat)) {
      ShapePredictorConverter.convert(in, out);
    }
    byte[] compact = out.toByteArray();
    assertEquals(ShapePredictorConverter.compactSize(ShapePredictorLayout.DLIB_68), compact.length);
    CompactShapeFile file = CompactShapeFile.parse(compact);
    assertEquals(ShapePredictorLayout.DLIB_68, file.layout());

    // The mean shape lives in the unit box of the face rectangle: the chin (point 8) below the
    // nose tip (30), which is below the eyes (36, 45); the right jaw (16) right of the left (0).
    float[] mean = file.initialShape();
    for (float v : mean) {
      assertTrue(v > -0.2f && v < 1.2f, "mean shape value " + v);
    }
    assertTrue(mean[2 * 8 + 1] > mean[2 * 30 + 1] && mean[2 * 30 + 1] > mean[2 * 36 + 1]);
    assertTrue(mean[2 * 16] > mean[0] && mean[2 * 45] > mean[2 * 36]);

    String writeTo = System.getProperty("facesearch.dlib.writeTo");
    if (writeTo != null) {
      Path target = Path.of(writeTo);
      ShapePredictorConverter.convert(dat, target);
      assertEquals(compact.length, Files.size(target));
    }
  }

  @Test
  void convert_realModelCutShort_fails() throws IOException {
    Path dat = model();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(dat))) {
      InputStream cut = new java.io.ByteArrayInputStream(in.readNBytes(5_000_000));
      assertTrue(
          org.junit.jupiter.api.Assertions.assertThrows(
                  IOException.class,
                  () -> ShapePredictorConverter.convert(cut, new ByteArrayOutputStream()))
              .getMessage()
              .contains("ends early"));
    }
  }
}
