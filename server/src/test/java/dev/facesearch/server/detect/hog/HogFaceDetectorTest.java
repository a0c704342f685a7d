package dev.facesearch.server.detect.hog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The detector on the shared photos: dlib's behaviour as properties, and kernel agreement. */
class HogFaceDetectorTest {
  private static HogFaceDetector detector;
  private static List<RgbImage> lfw;

  @BeforeAll
  static void load() throws IOException {
    detector = HogFaceDetector.read(CompactModels.assumeFrontalFace());
    SharedFaces.assumePresent();
    ImageDecoder decoder = new ImageDecoder(1 << 26, 1 << 24);
    try (Stream<Path> files = Files.walk(SharedFaces.folder().resolve("lfw-subset"))) {
      List<Path> jpegs = files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
      lfw = new ArrayList<>();
      for (Path p : jpegs.subList(0, Math.min(40, jpegs.size()))) {
        lfw.add(decoder.decode(Files.readAllBytes(p)));
      }
    }
  }

  @Test
  void detect_lfwPhotos_eachHasAFaceNearTheCentre() {
    for (RgbImage photo : lfw) {
      List<HogDetection> faces = detector.detect(photo, 0, 0);
      assertFalse(faces.isEmpty());
      // LFW crops are centred on the face.
      boolean centred =
          faces.stream()
              .anyMatch(f ->
                  Math.abs((f.left() + f.right()) / 2.0 - 125) <= 20
                      && Math.abs((f.top() + f.bottom()) / 2.0 - 125) <= 20);
      assertTrue(centred, faces.toString());
    }
  }

  @Test
  void detect_results_areBestFirstAboveTheThresholdAndDoNotOverlap() {
    OverlapSuppression tester = new OverlapSuppression(0.330082, 0.788571);
    for (RgbImage photo : lfw) {
      for (double adjust : new double[] {0, -0.6}) {
        List<HogDetection> faces = detector.detect(photo, 0, adjust);
        for (int i = 0; i < faces.size(); i++) {
          HogDetection f = faces.get(i);
          assertTrue(f.score() >= adjust, f.toString());
          assertTrue(f.filterIndex() >= 0 && f.filterIndex() < 5);
          // A window is 73 pixels on level 0 and larger on the levels above.
          assertTrue(f.width() >= 73 && f.height() >= 73, f.toString());
          if (i > 0) {
            assertTrue(faces.get(i - 1).score() >= f.score());
          }
          for (int j = 0; j < i; j++) {
            assertFalse(tester.overlaps(box(faces.get(j)), box(f)));
          }
        }
      }
    }
  }

  @Test
  void detect_lowerThreshold_keepsTheSameStrongFacesFirst() {
    for (RgbImage photo : lfw) {
      List<HogDetection> strong = detector.detect(photo, 0, 0);
      List<HogDetection> more = detector.detect(photo, 0, -0.5);
      assertTrue(more.size() >= strong.size());
      assertEquals(strong, more.stream().filter(f -> f.score() >= 0).toList());
    }
  }

  @Test
  void detect_upsampled_findsTheFaceAtTheSamePlace() {
    for (RgbImage photo : lfw.subList(0, 8)) {
      HogDetection best = detector.detect(photo, 0, 0).getFirst();
      List<HogDetection> upsampled = detector.detect(photo, 1, 0);
      assertTrue(
          upsampled.stream()
              .anyMatch(f ->
                  Math.abs(f.left() + f.right() - best.left() - best.right()) <= 30
                      && Math.abs(f.top() + f.bottom() - best.top() - best.bottom()) <= 30),
          best + " vs " + upsampled);
    }
  }

  @Test
  void detect_vectorAndScalarKernels_giveIdenticalResults() throws IOException {
    assumeTrue(Kernels.vectorApiPresent(), "needs --add-modules jdk.incubator.vector");
    HogModel model = HogModel.parse(Files.readAllBytes(CompactModels.frontalFacePath()));
    HogFaceDetector scalar = new HogFaceDetector(model, ScalarKernel.INSTANCE);
    HogFaceDetector vector = new HogFaceDetector(model, VectorKernel.create());
    assertTrue(vector.vectorized());
    assertFalse(scalar.vectorized());
    for (RgbImage photo : lfw.subList(0, 10)) {
      for (int upsample = 0; upsample <= 1; upsample++) {
        assertEquals(scalar.detect(photo, upsample, -0.5), vector.detect(photo, upsample, -0.5));
        byte[] grey = grey(photo);
        assertEquals(
            scalar.detectGrey(photo.width(), photo.height(), grey, upsample, -0.5),
            vector.detectGrey(photo.width(), photo.height(), grey, upsample, -0.5));
      }
    }
  }

  @Test
  void detect_concurrentCalls_giveTheSameResultsAsSequentialOnes() throws Exception {
    List<List<HogDetection>> expected = new ArrayList<>();
    for (RgbImage photo : lfw) {
      expected.add(detector.detect(photo, 0, -0.3));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<HogDetection>>> results = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (RgbImage photo : lfw) {
          results.add(pool.submit(() -> detector.detect(photo, 0, -0.3)));
        }
      }
      for (int i = 0; i < results.size(); i++) {
        assertEquals(expected.get(i % lfw.size()), results.get(i).get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void detect_flatOrTinyImages_haveNoFaces() {
    byte[] flat = new byte[300 * 200 * 3];
    java.util.Arrays.fill(flat, (byte) 128);
    assertEquals(List.of(), detector.detect(new RgbImage(300, 200, flat), 1, -1));
    assertEquals(List.of(), detector.detect(new RgbImage(1, 1, new byte[3]), 2, -1));
    assertEquals(List.of(), detector.detectGrey(7, 30, new byte[210], 0, 0));
  }

  @Test
  void detect_badArguments_areRefused() {
    RgbImage photo = lfw.getFirst();
    assertThrows(IllegalArgumentException.class, () -> detector.detect(photo, 3, 0));
    assertThrows(IllegalArgumentException.class, () -> detector.detect(photo, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> detector.detect(photo, 0, Double.NaN));
    assertThrows(
        IllegalArgumentException.class, () -> detector.detectGrey(10, 10, new byte[99], 0, 0));
    // 4100 x 4100 is 16.8 M pixels, upsampled twice 269 M: just over the limit of 2^28.
    IllegalArgumentException big =
        assertThrows(
            IllegalArgumentException.class,
            () -> detector.detectGrey(4100, 4100, new byte[4100 * 4100], 2, 0));
    assertTrue(big.getMessage().contains("upsampled 2 times"), big.getMessage());
  }

  private static Box box(HogDetection f) {
    return new Box(f.left(), f.top(), f.right(), f.bottom());
  }

  private static byte[] grey(RgbImage image) {
    byte[] px = image.pixels();
    byte[] grey = new byte[image.width() * image.height()];
    for (int i = 0; i < grey.length; i++) {
      grey[i] = (byte) (((px[3 * i] & 0xFF) + (px[3 * i + 1] & 0xFF) + (px[3 * i + 2] & 0xFF)) / 3);
    }
    return grey;
  }
}
