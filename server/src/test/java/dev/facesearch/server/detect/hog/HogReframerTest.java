package dev.facesearch.server.detect.hog;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.detect.Detection;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.detect.FaceFraming;
import dev.facesearch.server.image.RgbImage;
import dev.facesearch.server.testing.DlibMatches;
import dev.facesearch.server.testing.DlibReference;
import dev.facesearch.server.testing.HardCases;
import dev.facesearch.server.testing.SharedFaces;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HOG reframer against dlib's own boxes ({@link DlibReference}, upsampling 1): from a rough
 * guess of a face it finds a box near dlib's; where there is no face it finds none, or seldom one.
 *
 * <p>"Near" cannot mean equal: the reframer scans the face at its own scale (about 110 pixels), so
 * its box is a whole number of HOG cells there, while dlib's is a whole number of cells at the
 * pyramid level where dlib found the face; the pyramid steps by 6/5. Given dlib's box itself, the
 * reframer's box overlaps it by IoU 0.80 at the median and 0.88 at most (measured); dlib's own
 * boxes of the same face at upsampling 0 and 1 overlap by only 0.76 at the median. So the bound is
 * that the reframer lands at least as near dlib's box as dlib's own other scale does.
 */
class HogReframerTest {
  private static HogReframer reframer;

  @BeforeAll
  static void load() throws IOException {
    reframer = new HogReframer(HogFaceDetector.read(CompactModels.assumeFrontalFace()));
  }

  /** dlib's box with its centre moved and each side scaled by up to {@code amount} of its size. */
  private static Detection disturbed(Detection box, double amount, Random random) {
    double side = Math.sqrt(box.width() * box.height());
    double cx = box.x() + box.width() / 2.0 + (2 * random.nextDouble() - 1) * amount * side;
    double cy = box.y() + box.height() / 2.0 + (2 * random.nextDouble() - 1) * amount * side;
    double width = box.width() * (1 + (2 * random.nextDouble() - 1) * amount);
    double height = box.height() * (1 + (2 * random.nextDouble() - 1) * amount);
    return new Detection(
        0.9f, (float) (cx - width / 2), (float) (cy - height / 2), (float) width, (float) height);
  }

  /**
   * dlib's own agreement with itself: the IoU of each upsampling-0 box with its upsampling-1 box.
   */
  private static double dlibAcrossScalesMedian(List<DlibReference.Entry> entries) {
    List<Double> overlaps = new ArrayList<>();
    for (DlibReference.Entry entry : entries) {
      for (DlibReference.Face coarse : entry.faces(0)) {
        double best = 0;
        for (DlibReference.Face fine : entry.faces(1)) {
          best = Math.max(best, DlibMatches.iou(DlibMatches.box(coarse), DlibMatches.box(fine)));
        }
        if (best >= DlibMatches.MIN_IOU) {
          overlaps.add(best);
        }
      }
    }
    return DlibMatches.quantile(overlaps, 0.5);
  }

  @Test
  void reframe_dlibBoxesShiftedAndScaledBy15Percent_landsNearDlibsBox() {
    SharedFaces.assumePresent();
    List<DlibReference.Entry> entries = DlibReference.load();
    Random random = new Random(15);
    List<Double> guesses = new ArrayList<>();
    List<Double> found = new ArrayList<>();
    int faces = 0;
    for (DlibReference.Entry entry : entries) {
      RgbImage image = entry.imageIfSame();
      if (image == null) {
        continue;
      }
      for (DlibReference.Face face : entry.faces(1)) {
        Detection dlib = DlibMatches.box(face);
        Detection guess = disturbed(dlib, 0.15, random);
        Detection box = reframer.reframe(image, guess);
        faces++;
        guesses.add(DlibMatches.iou(guess, dlib));
        if (box != null) {
          found.add(DlibMatches.iou(box, dlib));
        }
      }
    }
    double selfMedian = dlibAcrossScalesMedian(entries);
    double median = DlibMatches.quantile(found, 0.5);
    System.out.printf(
        "reframer on dlib's boxes moved by up to 15%%: %d faces, %d found; IoU with dlib's box: guess"
            + " median %.3f, found min %.3f, 5%% %.3f, median %.3f; dlib's upsampling 0 vs 1"
            + " median %.3f%n",
        faces,
        found.size(),
        DlibMatches.quantile(guesses, 0.5),
        DlibMatches.quantile(found, 0),
        DlibMatches.quantile(found, 0.05),
        median,
        selfMedian);
    assertTrue(faces > 500, "faces: " + faces);
    // Measured: all 635 found; min 0.57, 5% 0.69, median 0.82 (the guesses: median 0.73).
    assertTrue(found.size() >= 0.99 * faces, "found " + found.size() + " of " + faces);
    assertTrue(DlibMatches.quantile(found, 0) >= 0.5, "every box on the face");
    assertTrue(DlibMatches.quantile(found, 0.05) >= 0.65, "nearly every box near dlib's");
    assertTrue(median >= 0.78, "median IoU " + median);
    assertTrue(median >= selfMedian, "as near as dlib's own other scale: " + selfMedian);
  }

  @Test
  void reframe_reframedSsdBoxes_landNearerDlibsBoxThanTheFixedMap() {
    List<Double> mapped = new ArrayList<>();
    List<Double> found = new ArrayList<>();
    List<DlibMatches.Pair> pairs = DlibMatches.of(DetectorKind.SSD_MOBILENET_V1);
    for (DlibMatches.Pair pair : pairs) {
      Detection guess =
          FaceFraming.reframe(pair.found(), DetectorKind.SSD_MOBILENET_V1, DetectorKind.DLIB_HOG);
      mapped.add(DlibMatches.iou(guess, pair.dlibBox()));
      Detection box = reframer.reframe(pair.entry().imageIfSame(), guess);
      if (box != null) {
        found.add(DlibMatches.iou(box, pair.dlibBox()));
      }
    }
    double median = DlibMatches.quantile(found, 0.5);
    System.out.printf(
        "reframer on SSD's boxes: %d faces, %d found; IoU with dlib's box: mapped median %.3f,"
            + " found min %.3f, 5%% %.3f, median %.3f%n",
        pairs.size(),
        found.size(),
        DlibMatches.quantile(mapped, 0.5),
        DlibMatches.quantile(found, 0),
        DlibMatches.quantile(found, 0.05),
        median);
    // Measured: 211 of 212 found; min 0.52, 5% 0.71, median 0.82 (the fixed map alone: 0.77).
    assertTrue(
        found.size() >= 0.98 * pairs.size(), "found " + found.size() + " of " + pairs.size());
    assertTrue(DlibMatches.quantile(found, 0.05) >= 0.65, "nearly every box near dlib's");
    assertTrue(median >= 0.78, "median IoU " + median);
    assertTrue(median > DlibMatches.quantile(mapped, 0.5), "nearer than the fixed map");
  }

  @Test
  void reframe_flatOrSmoothImage_findsNoFace() {
    byte[] grey = new byte[300 * 300 * 3];
    Arrays.fill(grey, (byte) 128);
    byte[] ramp = new byte[300 * 300 * 3];
    for (int i = 0; i < ramp.length; i++) {
      ramp[i] = (byte) ((i / 3) % 300 * 255 / 299);
    }
    for (RgbImage image : List.of(new RgbImage(300, 300, grey), new RgbImage(300, 300, ramp))) {
      for (int side : new int[] {20, 60, 100, 200, 300}) {
        assertNull(reframer.reframe(image, new Detection(0.9f, 150 - side / 2f, 100, side, side)));
      }
    }
  }

  @Test
  void reframe_regionsOfAPhotoWithoutFaces_rarelyFindOne() {
    SharedFaces.assumePresent();
    // dogs.jpg: dlib finds no face at upsampling 0 or 1; the reframer's lowered threshold may
    // answer on a dog's face, seldom.
    RgbImage dogs = new HardCases.Case("dlib-faces/dogs.jpg", HardCases.Variant.ORIGINAL).image();
    int guesses = 0;
    int found = 0;
    for (int side : new int[] {40, 60, 80, 120, 160, 240, 320, 480}) {
      for (int y = 0; y + side <= dogs.height(); y += side / 2) {
        for (int x = 0; x + side <= dogs.width(); x += side / 2) {
          guesses++;
          found += reframer.reframe(dogs, new Detection(0.9f, x, y, side, side)) != null ? 1 : 0;
        }
      }
    }
    System.out.printf("reframer on dogs.jpg: %d guesses, %d boxes%n", guesses, found);
    // Measured: 7 boxes of 3570 guesses (0.2%), around two of the dogs' heads.
    assertTrue(guesses > 3000);
    assertTrue(found <= 0.005 * guesses, found + " boxes of " + guesses + " guesses");
  }

  @Test
  void reframe_degenerateGuesses_findNothingAndDoNotThrow() {
    SharedFaces.assumePresent();
    RgbImage photo =
        new HardCases.Case("dlib-faces/2007_007763.jpg", HardCases.Variant.ORIGINAL).image();
    float nan = Float.NaN;
    float inf = Float.POSITIVE_INFINITY;
    // No size, no place, or nowhere near the image: nothing to find.
    List<Detection> empty =
        List.of(
            new Detection(1, 10, 10, 0, 0),
            new Detection(1, 10, 10, 1, 1),
            new Detection(1, 10, 10, 2, 2),
            new Detection(1, nan, nan, 50, 50),
            new Detection(1, 100, 100, nan, nan),
            new Detection(1, 100, 100, inf, inf),
            new Detection(1, -inf, -inf, 50, 50),
            new Detection(1, 1e6f, 1e6f, 50, 50),
            new Detection(1, -5000, -5000, 100, 100),
            new Detection(1, -1e5f, -1e5f, 3e5f, 3e5f));
    for (Detection guess : empty) {
      assertNull(reframer.reframe(photo, guess), guess.toString());
    }
    // Odd shapes: whatever comes back is a real box.
    List<Detection> odd =
        List.of(
            new Detection(1, 100, 100, -50, -50),
            new Detection(1, 100, 100, 50, -50),
            new Detection(1, 100, 100, 1000, 2),
            new Detection(1, 0, 0, photo.width(), photo.height()));
    for (Detection guess : odd) {
      Detection box = reframer.reframe(photo, guess);
      assertTrue(
          box == null
              || (Float.isFinite(box.x())
                  && Float.isFinite(box.y())
                  && box.width() > 0
                  && box.height() > 0),
          guess + " -> " + box);
    }
  }
}
