package dev.facesearch.server.detect.hog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.detect.Detection;
import dev.facesearch.server.detect.DetectionOptions;
import dev.facesearch.server.image.RgbImage;
import dev.facesearch.server.testing.HardCases;
import dev.facesearch.server.testing.SharedFaces;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanBudgetTest {
  @Test
  void plan_withinTheBudget_isDlibsOwnScan() {
    assertEquals(new ScanBudget.Plan(1, 1), ScanBudget.plan(250, 250, 1));
    assertEquals(new ScanBudget.Plan(2, 1), ScanBudget.plan(250, 250, 2));
    // 640x480 doubled is 1,228,800 pixels: within 2^21.
    assertEquals(new ScanBudget.Plan(1, 1), ScanBudget.plan(640, 480, 1));
    assertEquals(new ScanBudget.Plan(0, 1), ScanBudget.plan(640, 480, 0));
  }

  @Test
  void plan_overTheBudget_dropsDoublingsFirst() {
    assertEquals(new ScanBudget.Plan(1, 1), ScanBudget.plan(640, 480, 2));
    assertEquals(new ScanBudget.Plan(0, 1), ScanBudget.plan(1280, 960, 1));
    assertEquals(new ScanBudget.Plan(0, 1), ScanBudget.plan(1448, 1448, 1));
  }

  @Test
  void plan_largerThanTheBudget_scansShrunkToIt() {
    ScanBudget.Plan plan = ScanBudget.plan(4000, 3000, 1);
    assertEquals(0, plan.upsample());
    double scanned = 4000 * plan.scale() * 3000 * plan.scale();
    assertTrue(Math.abs(scanned - ScanBudget.PIXELS) < 1, "scanned pixels " + scanned);
  }

  /**
   * A photo enlarged past the budget is scanned shrunk back to about its own size: the faces come
   * back where they are in the enlarged photo, at its scale.
   */
  @Test
  void detect_photoOverTheBudget_findsItsFaceAtItsScale() throws Exception {
    SharedFaces.assumePresent();
    HogFaceDetector hog = HogFaceDetector.read(CompactModels.assumeFrontalFace());
    RgbImage photo =
        new HardCases.Case("lfw-subset/Tony_Blair/Tony_Blair_0001.jpg", HardCases.Variant.ORIGINAL)
            .image();
    RgbImage large = BilinearCrop.scaled(photo, 6.5); // 1625x1625: 2.6 M pixels
    DetectionOptions options = new DetectionOptions(0.5f, 0.5f, 10, 416, 1);
    List<Detection> small = hog.detect(photo, options);
    List<Detection> big = hog.detect(large, options);
    assertEquals(1, small.size(), "faces in the photo");
    assertEquals(1, big.size(), "faces in the enlarged photo");
    Detection expected = small.get(0);
    Detection found = big.get(0);
    double scale = 6.5;
    assertTrue(
        Math.abs(found.x() + found.width() / 2 - scale * (expected.x() + expected.width() / 2))
            < 0.1 * scale * expected.width(),
        found + " vs " + expected);
    assertTrue(
        Math.abs(found.width() / (scale * expected.width()) - 1) < 0.25, found + " vs " + expected);
  }
}
