package dev.facesearch.server.landmark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.image.ImageDecoder;
import dev.facesearch.server.image.RgbImage;
import dev.facesearch.server.testing.SharedFaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapePredictorTest {
  @TempDir Path folder;

  /** A 4x4 image, black but for its top-left and bottom-right pixels. */
  private static RgbImage corners(int[] topLeft, int[] bottomRight) {
    byte[] pixels = new byte[4 * 4 * 3];
    int last = (3 * 4 + 3) * 3;
    for (int c = 0; c < 3; c++) {
      pixels[c] = (byte) topLeft[c];
      pixels[last + c] = (byte) bottomRight[c];
    }
    return new RgbImage(4, 4, pixels);
  }

  private ShapePredictor twoCorners() throws IOException {
    return ShapePredictor.read(CompactModelWriter.twoCorners().write(folder.resolve("m.bin")));
  }

  @Test
  void predict_handMadeModel_takesTheLeavesTheIntensitiesSelect() throws IOException {
    ShapePredictor predictor = twoCorners();
    // Intensities 30 and 90: tree 0 sees 60 > 50 (x0 + 0.1), tree 1 sees -60 <= 0 (y1 + 0.2).
    float[] brighterBottom =
        predictor.predict(corners(new int[] {20, 30, 40}, new int[] {90, 91, 89}), 0, 0, 3, 3);
    assertArrayEquals(new float[] {0.3f, 0, 3, 3.6f}, brighterBottom, 1e-6f);
    assertArrayEquals(new int[] {0, 0, 3, 4}, ShapePredictor.toPoints(brighterBottom));
    // Swapped: tree 0 sees -60 (x0 - 0.1), tree 1 sees 60 > 0 (y1 - 5).
    float[] brighterTop =
        predictor.predict(corners(new int[] {90, 91, 89}, new int[] {20, 30, 40}), 0, 0, 3, 3);
    assertArrayEquals(new float[] {-0.3f, 0, 3, -12}, brighterTop, 1e-6f);
  }

  @Test
  void predict_intensityIsTheIntegerMeanAndTheTestStrict() throws IOException {
    ShapePredictor predictor = twoCorners();
    int[] black = {0, 0, 0};
    // (100 + 1 + 52) / 3 = 51 > 50 takes the left leaf; (100 + 1 + 51) / 3 = 50 (not 50.67) does
    // not.
    assertEquals(
        0.3f, predictor.predict(corners(black, new int[] {100, 1, 52}), 0, 0, 3, 3)[0], 1e-6f);
    assertEquals(
        -0.3f, predictor.predict(corners(black, new int[] {100, 1, 51}), 0, 0, 3, 3)[0], 1e-6f);
  }

  @Test
  void predict_boxOutsideTheImage_readsZeros() throws IOException {
    ShapePredictor predictor = twoCorners();
    RgbImage image = corners(new int[] {255, 255, 255}, new int[] {255, 255, 255});
    // Both pixels fall outside and read 0: neither test passes.
    float[] positions = predictor.predict(image, -10, -10, -7, -7);
    assertArrayEquals(new float[] {-10.3f, -10, -7, -6.4f}, positions, 1e-5f);
  }

  @Test
  void toPoints_roundsHalfUpAsDlib() {
    float[] positions = {0.5f, -0.5f, 1.4999999f, -1.5f, 2.5f, -2.4f, 1e10f, -1e10f};
    assertArrayEquals(
        new int[] {1, 0, 1, -1, 3, -2, Integer.MAX_VALUE, Integer.MIN_VALUE},
        ShapePredictor.toPoints(positions));
  }

  /** A few LFW photos and boxes around their faces, some shifted or spilling out of the image. */
  private static List<Object[]> lfwFaces() throws IOException {
    SharedFaces.assumePresent();
    ImageDecoder decoder = new ImageDecoder(20 << 20, 40_000_000);
    List<Object[]> faces = new ArrayList<>();
    int[][] boxes = {
      {67, 67, 182, 182}, {60, 75, 170, 185}, {-40, -30, 120, 130}, {150, 150, 300, 300}
    };
    try (var people = Files.list(SharedFaces.folder().resolve("lfw-subset"))) {
      for (Path person : people.sorted().toList()) {
        Path photo = person.resolve(person.getFileName() + "_0001.jpg");
        RgbImage image = decoder.decode(Files.readAllBytes(photo));
        for (int[] box : boxes) {
          faces.add(new Object[] {image, box});
        }
      }
    }
    return faces;
  }

  @Test
  void predict_lfwFaces_landmarksFormAFaceInTheBox() throws IOException {
    ShapePredictor predictor = DlibShapeModel.predictor();
    for (Object[] face : lfwFaces()) {
      int[] b = (int[]) face[1];
      if (b[0] != 67) {
        continue;
      }
      float[] p = predictor.predict((RgbImage) face[0], b[0], b[1], b[2], b[3]);
      assertEquals(136, p.length);
      float margin = 0.3f * (b[2] - b[0]);
      for (int i = 0; i < 136; i += 2) {
        assertTrue(p[i] > b[0] - margin && p[i] < b[2] + margin, "x" + i / 2 + " = " + p[i]);
        assertTrue(p[i + 1] > b[1] - margin && p[i + 1] < b[3] + margin, "y" + i / 2);
      }
      // Chin (8) below the nose tip (30) below the eyes (36, 45); jaw's right end (16) right of
      // its left (0), the right mouth corner (54) right of the left (48), the mouth below the nose.
      assertTrue(p[2 * 8 + 1] > p[2 * 30 + 1] && p[2 * 30 + 1] > p[2 * 36 + 1]);
      assertTrue(p[2 * 30 + 1] > p[2 * 45 + 1] && p[2 * 48 + 1] > p[2 * 30 + 1]);
      assertTrue(p[2 * 16] > p[0] && p[2 * 54] > p[2 * 48]);
    }
  }

  @Test
  void predict_floats_roundToThePixelsOfTheDoubles() throws IOException {
    ShapePredictor predictor = DlibShapeModel.predictor();
    for (Object[] face : lfwFaces()) {
      RgbImage image = (RgbImage) face[0];
      int[] b = (int[]) face[1];
      float[] floats = predictor.predict(image, b[0], b[1], b[2], b[3]);
      double[] doubles = predictor.positions(image, b[0], b[1], b[2], b[3]);
      int[] points = ShapePredictor.toPoints(floats);
      for (int i = 0; i < doubles.length; i++) {
        assertEquals((int) Math.floor(doubles[i] + 0.5), points[i]);
        assertTrue(Math.abs(floats[i] - doubles[i]) <= Math.ulp(floats[i]));
      }
    }
  }

  @Test
  void predict_concurrentCalls_matchSequentialOnes() throws Exception {
    ShapePredictor predictor = DlibShapeModel.predictor();
    List<Object[]> faces = lfwFaces();
    List<float[]> sequential = new ArrayList<>();
    for (Object[] face : faces) {
      int[] b = (int[]) face[1];
      sequential.add(predictor.predict((RgbImage) face[0], b[0], b[1], b[2], b[3]));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int round = 0; round < 5; round++) {
        for (Object[] face : faces) {
          int[] b = (int[]) face[1];
          results.add(
              pool.submit(() -> predictor.predict((RgbImage) face[0], b[0], b[1], b[2], b[3])));
        }
      }
      for (int i = 0; i < results.size(); i++) {
        assertArrayEquals(sequential.get(i % faces.size()), results.get(i).get(), "call " + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
