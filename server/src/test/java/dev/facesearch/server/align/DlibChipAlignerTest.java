package dev.facesearch.server.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.image.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** dlib's face chip geometry and sampling, on synthetic faces at known poses. */
class DlibChipAlignerTest {
  private static final DlibChipAligner ALIGNER = new DlibChipAligner();

  /** Smooth colours over chip coordinates: periods of 60 to 90 chip pixels. */
  private static final Synthetic.Pattern SMOOTH =
      (u, v, rgb) -> {
        rgb[0] = 128 + 90 * Math.sin(2 * Math.PI * u / 71) * Math.cos(2 * Math.PI * v / 89);
        rgb[1] = 128 + 90 * Math.cos(2 * Math.PI * (u + v) / 83);
        rgb[2] = 128 + 80 * Math.sin(2 * Math.PI * (u - 0.5 * v) / 61 + 1);
      };

  /** Scale (image pixels per chip pixel), angle in degrees: below and above the pyramid's onset. */
  private static final List<double[]> POSES =
      List.of(
          new double[] {0.7, 0},
          new double[] {1.0, 12},
          new double[] {1.6, -25},
          new double[] {2.5, 40},
          new double[] {4.2, -8},
          new double[] {6.5, 170});

  /** The face at a pose, centred in an image just large enough to hold the whole chip. */
  private static RgbImage[] faceAt(double scale, double degrees, Synthetic.Pattern pattern) {
    int side = (int) Math.ceil(150 * scale * 1.5) + 20;
    // The chip's centre at the image's centre, off the pixel grid.
    Affine pose = centredAt(side / 2.0 + 0.37, side / 2.0 - 0.21, scale, degrees);
    float[] landmarks = Synthetic.dlibMeanFace(ALIGNER, pose);
    RgbImage image = Synthetic.render(side, side, pose.inverse(), pattern);
    return new RgbImage[] {image, ALIGNER.align(image, landmarks)};
  }

  @Test
  void chip_isTheSameFaceAtEveryPose() {
    RgbImage reference = null;
    for (double[] pose : POSES) {
      RgbImage chip = faceAt(pose[0], pose[1], SMOOTH)[1];
      assertEquals(150, chip.width());
      assertEquals(150, chip.height());
      if (reference == null) {
        reference = chip;
        continue;
      }
      // dlib's chips of one face differ by up to half a pixel with scale, by construction (see
      // DlibChipAligner); on this pattern (at most ~9 levels per pixel) that is a few levels.
      double difference = Synthetic.meanAbsDifference(reference, chip);
      System.out.printf(
          "dlib chip at scale %.1f, %.0f deg: mean |difference| %.2f%n",
          pose[0], pose[1], difference);
      assertTrue(difference < 3, "scale " + pose[0] + " angle " + pose[1] + ": " + difference);
    }
  }

  @Test
  void chip_isSensitiveToAShiftOfTwoPixels() {
    // The check above would catch a geometric error: two chip pixels of shift change far more.
    RgbImage chip = faceAt(1.0, 12, SMOOTH)[1];
    RgbImage shifted = faceAt(1.0, 12, (u, v, rgb) -> SMOOTH.colour(u + 2, v, rgb))[1];
    double difference = Synthetic.meanAbsDifference(chip, shifted);
    System.out.printf("dlib chip shifted by 2 px: mean |difference| %.2f%n", difference);
    assertTrue(difference > 6, "" + difference);
  }

  @Test
  void imageToChip_putsTheMeanFaceOnTheTemplate() {
    for (double[] p : POSES) {
      Affine pose = Synthetic.pose(p[0], p[1], 321.5, 177.25);
      float[] landmarks = Synthetic.dlibMeanFace(ALIGNER, pose);
      float[] inChip = ALIGNER.imageToChip(landmarks).apply(landmarks);
      for (int i = 17; i < 68; i++) {
        double[] expected = ALIGNER.templatePoint(i);
        // Half a pixel, plus dlib's scale factor (size * s - 1) / ((size - 1) * s) over 75 pixels.
        assertEquals(expected[0], inChip[2 * i], 1.0, "x of " + i + " at " + p[0]);
        assertEquals(expected[1], inChip[2 * i + 1], 1.0, "y of " + i + " at " + p[0]);
      }
    }
  }

  @Test
  void largeFaces_goThroughThePyramid_soFineDetailDoesNotAlias() {
    // Columns alternately black and white: at four image pixels per chip pixel, bilinear sampling
    // alone would pick stripes at random; dlib's binomial filter cancels that frequency exactly.
    Synthetic.Pattern stripes =
        (x, y, rgb) -> java.util.Arrays.fill(rgb, ((int) Math.floor(x + 0.5) & 1) * 255.0);
    for (double[] pose : List.of(new double[] {4.0, 0}, new double[] {4.2, 30})) {
      Affine place = centredAt(400, 400, pose[0], pose[1]);
      float[] landmarks = Synthetic.dlibMeanFace(ALIGNER, place);
      RgbImage image = Synthetic.render(800, 800, new Affine(1, 0, 0, 0, 1, 0), stripes);
      double[] stats = meanAndDeviation(ALIGNER.align(image, landmarks));
      assertEquals(127, stats[0], 3, "mean at scale " + pose[0]);
      assertTrue(stats[1] < 3, "deviation " + stats[1] + " at scale " + pose[0]);
    }
    // Below the pyramid's onset (scale 2) the stripes come through, as in dlib.
    Affine place = centredAt(400, 400, 1.5, 0);
    RgbImage image = Synthetic.render(800, 800, new Affine(1, 0, 0, 0, 1, 0), stripes);
    RgbImage chip = ALIGNER.align(image, Synthetic.dlibMeanFace(ALIGNER, place));
    assertTrue(meanAndDeviation(chip)[1] > 40);
  }

  @Test
  void chipOutsideTheImage_isBlack() {
    RgbImage image = Synthetic.render(100, 100, new Affine(1, 0, 0, 0, 1, 0), SMOOTH);
    RgbImage chip =
        ALIGNER.align(image, Synthetic.dlibMeanFace(ALIGNER, Synthetic.pose(1, 0, 500, 500)));
    assertArrayEquals(new byte[150 * 150 * 3], chip.pixels());
    RgbImage partly =
        ALIGNER.align(image, Synthetic.dlibMeanFace(ALIGNER, Synthetic.pose(1, 5, -75, -75)));
    // The chip's centre falls on the image's top-left corner: only its bottom-right overlaps.
    assertEquals(0, pixelSum(partly, 20, 20));
    assertTrue(pixelSum(partly, 120, 120) > 0);
  }

  private static int pixelSum(RgbImage image, int x, int y) {
    int at = (y * image.width() + x) * 3;
    return (image.pixels()[at] & 255)
        + (image.pixels()[at + 1] & 255)
        + (image.pixels()[at + 2] & 255);
  }

  @Test
  void unrotatedRectangleOfChipSize_isCopied() {
    RgbImage image = Synthetic.render(300, 300, new Affine(1, 0, 0, 0, 1, 0), SMOOTH);
    // Corners 10.3 .. 159.3: dlib rounds the rectangle and copies pixels without resampling.
    RgbImage chip =
        DlibChipExtractor.extract(image, new ChipDetails(10.3, 20.4, 159.3, 169.4, 0, 150, 150));
    for (int y = 0; y < 150; y++) {
      for (int x = 0; x < 150; x++) {
        for (int c = 0; c < 3; c++) {
          assertEquals(
              image.pixels()[((y + 20) * 300 + x + 10) * 3 + c],
              chip.pixels()[(y * 150 + x) * 3 + c]);
        }
      }
    }
  }

  @Test
  void badLandmarks_areRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ALIGNER.align(new RgbImage(4, 4, new byte[48]), new float[10]));
    assertThrows(
        IllegalArgumentException.class,
        () -> ALIGNER.align(new RgbImage(4, 4, new byte[48]), new float[136]));
    float[] nan = new float[136];
    nan[7] = Float.NaN;
    assertThrows(IllegalArgumentException.class, () -> ALIGNER.imageToChip(nan));
  }

  /** A pose that puts the chip's centre, (75, 75) in chip coordinates, at (x, y). */
  private static Affine centredAt(double x, double y, double scale, double degrees) {
    Affine pose = Synthetic.pose(scale, degrees, 0, 0);
    return Synthetic.pose(scale, degrees, x - pose.x(75, 75), y - pose.y(75, 75));
  }

  private static double[] meanAndDeviation(RgbImage image) {
    double sum = 0;
    double squares = 0;
    int n = 0;
    // The centre, away from any black border.
    for (int y = 20; y < image.height() - 20; y++) {
      for (int x = 20; x < image.width() - 20; x++) {
        double value = image.pixels()[(y * image.width() + x) * 3] & 255;
        sum += value;
        squares += value * value;
        n++;
      }
    }
    double mean = sum / n;
    return new double[] {mean, Math.sqrt(Math.max(0, squares / n - mean * mean))};
  }
}
