package dev.facesearch.server.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.image.RgbImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** OpenFace's three-point alignment, checked by where marker dots land in the chip. */
class OpenFaceAlignerTest {
  private static final OpenFaceAligner ALIGNER = new OpenFaceAligner();
  private static final int[] MARKED = {36, 45, 33};

  /**
   * Draws a Gaussian dot at each of landmarks 36, 45 and 33, one per colour channel, on a face
   * placed by a random affine map, and finds each dot's centre in the chip as its channel's
   * intensity-weighted centroid: it must be on OpenFace's template point.
   */
  @Test
  void markerDots_landOnTheTemplate() {
    double worst = 0;
    Random random = new Random(20160101);
    for (int trial = 0; trial < 12; trial++) {
      double scale = 0.8 + 4 * random.nextDouble();
      double shear = 0.15 * (random.nextDouble() - 0.5);
      Affine similarity = Synthetic.pose(scale, 80 * random.nextDouble() - 40, 0, 0);
      Affine chipToImage =
          new Affine(
              similarity.a(), similarity.b() + shear * scale, 0, similarity.d(), similarity.e(), 0);
      // Shift the chip's square well inside an image.
      double[] corners = {0, 0, 96, 0, 0, 96, 96, 96};
      double minX = Double.MAX_VALUE;
      double minY = Double.MAX_VALUE;
      double maxX = -Double.MAX_VALUE;
      double maxY = -Double.MAX_VALUE;
      for (int i = 0; i < 8; i += 2) {
        double x = chipToImage.x(corners[i], corners[i + 1]);
        double y = chipToImage.y(corners[i], corners[i + 1]);
        minX = Math.min(minX, x);
        minY = Math.min(minY, y);
        maxX = Math.max(maxX, x);
        maxY = Math.max(maxY, y);
      }
      double dx = 10 - minX + random.nextDouble();
      double dy = 10 - minY + random.nextDouble();
      chipToImage =
          new Affine(chipToImage.a(), chipToImage.b(), dx, chipToImage.d(), chipToImage.e(), dy);
      float[] landmarks = new float[136];
      double[][] dots = new double[3][];
      for (int k = 0; k < 3; k++) {
        double[] t = OpenFaceAligner.templatePoint(MARKED[k]);
        dots[k] = new double[] {chipToImage.x(t[0], t[1]), chipToImage.y(t[0], t[1])};
        landmarks[2 * MARKED[k]] = (float) dots[k][0];
        landmarks[2 * MARKED[k] + 1] = (float) dots[k][1];
      }
      // About 1.5 chip pixels wide in the chip, whatever the scale.
      double sigma = 1.5 * scale;
      RgbImage image =
          Synthetic.render(
              (int) (maxX - minX) + 22,
              (int) (maxY - minY) + 22,
              new Affine(1, 0, 0, 0, 1, 0),
              (x, y, rgb) -> {
                for (int k = 0; k < 3; k++) {
                  double ex = x - dots[k][0];
                  double ey = y - dots[k][1];
                  rgb[k] = 255 * Math.exp(-(ex * ex + ey * ey) / (2 * sigma * sigma));
                }
              });
      RgbImage chip = ALIGNER.align(image, landmarks);
      assertEquals(96, chip.width());
      for (int k = 0; k < 3; k++) {
        double[] centroid = centroid(chip, k);
        double[] expected = OpenFaceAligner.templatePoint(MARKED[k]);
        double error = Math.hypot(centroid[0] - expected[0], centroid[1] - expected[1]);
        worst = Math.max(worst, error);
        assertTrue(
            error < 0.5, "trial " + trial + " landmark " + MARKED[k] + " off by " + error + " px");
      }
    }
    System.out.printf("OpenFace marker dots: worst distance from the template %.3f px%n", worst);
  }

  @Test
  void template_isOpenFacesOuterEyesAndNose() {
    double[][] expected = {{18.639, 16.250}, {75.730, 15.184}, {47.515, 49.386}};
    for (int k = 0; k < 3; k++) {
      double[] t = OpenFaceAligner.templatePoint(MARKED[k]);
      assertEquals(expected[k][0], t[0], 1e-3);
      assertEquals(expected[k][1], t[1], 1e-3);
    }
  }

  private static double[] centroid(RgbImage image, int channel) {
    double sum = 0;
    double sumX = 0;
    double sumY = 0;
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        double w = image.pixels()[(y * image.width() + x) * 3 + channel] & 255;
        sum += w;
        sumX += w * x;
        sumY += w * y;
      }
    }
    return new double[] {sumX / sum, sumY / sum};
  }
}
