package dev.facesearch.server.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.testing.DlibMatches;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The framing map between detectors: exact where it should be (same detector, there and back), and
 * on the shared photos it moves other detectors' boxes nearer to dlib's own boxes of the same
 * faces.
 */
class FaceFramingTest {
  private static final List<DetectorKind> OTHERS =
      List.of(DetectorKind.SSD_MOBILENET_V1, DetectorKind.TINY_FACE, DetectorKind.HAAR_CASCADE);

  /**
   * A box of random place and size, as detectors give them on photos up to 4000 pixels: sides from
   * 10 to 1500, some of it outside the image.
   */
  private static Detection randomBox(Random random) {
    return new Detection(
        random.nextFloat(),
        (float) (random.nextDouble() * 4000 - 200),
        (float) (random.nextDouble() * 4000 - 200),
        (float) (10 + random.nextDouble() * 1490),
        (float) (10 + random.nextDouble() * 1490));
  }

  /** Each edge within a few float roundings of the values involved. */
  private static void assertSameBox(Detection expected, Detection actual, String where) {
    float largest =
        Math.max(
            Math.abs(expected.x()) + Math.abs(expected.width()),
            Math.abs(expected.y()) + Math.abs(expected.height()));
    double tolerance = 8 * Math.ulp(largest);
    double[][] edges = {
      {expected.x(), actual.x()},
      {expected.y(), actual.y()},
      {expected.x() + expected.width(), actual.x() + actual.width()},
      {expected.y() + expected.height(), actual.y() + actual.height()}
    };
    for (double[] e : edges) {
      assertEquals(e[0], e[1], tolerance, where + ": " + expected + " vs " + actual);
    }
    assertEquals(expected.score(), actual.score(), where + ": the score is kept");
  }

  @Test
  void reframe_sameDetector_isTheBoxItself() {
    Detection box = new Detection(0.8f, 12.5f, 30f, 64f, 80f);
    for (DetectorKind kind : DetectorKind.values()) {
      assertSame(box, FaceFraming.reframe(box, kind, kind), kind.toString());
    }
  }

  @Test
  void reframe_thereAndBack_givesTheBoxWithinFloatError() {
    Random random = new Random(20261203);
    for (int i = 0; i < 2000; i++) {
      Detection box = randomBox(random);
      for (DetectorKind a : DetectorKind.values()) {
        for (DetectorKind b : DetectorKind.values()) {
          Detection there = FaceFraming.reframe(box, a, b);
          assertSameBox(box, FaceFraming.reframe(there, b, a), a + " -> " + b + " -> " + a);
        }
      }
    }
  }

  @Test
  void reframe_throughAThirdDetector_isTheDirectMap() {
    Random random = new Random(7);
    for (int i = 0; i < 500; i++) {
      Detection box = randomBox(random);
      for (DetectorKind a : DetectorKind.values()) {
        for (DetectorKind b : DetectorKind.values()) {
          for (DetectorKind c : DetectorKind.values()) {
            Detection twoSteps = FaceFraming.reframe(FaceFraming.reframe(box, a, b), b, c);
            assertSameBox(FaceFraming.reframe(box, a, c), twoSteps, a + " -> " + b + " -> " + c);
          }
        }
      }
    }
  }

  @Test
  void reframe_otherDetectorsToDlib_movesBoxesNearerDlibsOwnOnSharedPhotos() {
    for (DetectorKind kind : OTHERS) {
      List<DlibMatches.Pair> pairs = DlibMatches.of(kind);
      List<Double> raw = new ArrayList<>();
      List<Double> moved = new ArrayList<>();
      int nearer = 0;
      for (DlibMatches.Pair pair : pairs) {
        Detection reframed = FaceFraming.reframe(pair.found(), kind, DetectorKind.DLIB_HOG);
        double before = DlibMatches.iou(pair.found(), pair.dlibBox());
        double after = DlibMatches.iou(reframed, pair.dlibBox());
        raw.add(before);
        moved.add(after);
        nearer += after > before ? 1 : 0;
      }
      double rawMedian = DlibMatches.quantile(raw, 0.5);
      double movedMedian = DlibMatches.quantile(moved, 0.5);
      double nearerShare = nearer / (double) pairs.size();
      System.out.printf(
          "%s -> dlib, %d faces: median IoU with dlib's box %.3f raw, %.3f reframed; %.0f%% of"
              + " faces nearer%n",
          kind, pairs.size(), rawMedian, movedMedian, 100 * nearerShare);
      assertTrue(pairs.size() > 150, kind + ": faces paired " + pairs.size());
      // Measured: medians 0.703 -> 0.773 (SSD), 0.662 -> 0.765 (tiny), 0.757 -> 0.822 (Haar),
      // and 80-87% of faces nearer; the factors are medians, so most faces must gain.
      assertTrue(
          movedMedian >= rawMedian + 0.03,
          kind + ": median IoU " + rawMedian + " raw, " + movedMedian + " reframed");
      assertTrue(nearerShare >= 0.7, kind + ": faces nearer " + nearerShare);
    }
  }
}
