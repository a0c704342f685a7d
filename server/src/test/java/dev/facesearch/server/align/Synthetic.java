package dev.facesearch.server.align;

import dev.facesearch.server.image.RgbImage;

/** Synthetic faces for geometry tests: images drawn from formulas, landmarks placed by a pose. */
final class Synthetic {
  private Synthetic() {}

  /** A colour as a function of a point in the plane, each channel 0-255. */
  interface Pattern {
    void colour(double x, double y, double[] rgb);
  }

  /** A similarity: scale, rotation by {@code degrees}, then translation. */
  static Affine pose(double scale, double degrees, double dx, double dy) {
    double cos = scale * Math.cos(Math.toRadians(degrees));
    double sin = scale * Math.sin(Math.toRadians(degrees));
    return new Affine(cos, -sin, dx, sin, cos, dy);
  }

  /**
   * dlib's mean face in its 150-pixel chip coordinates, moved by {@code pose}: 68 points, of which
   * 0 to 16 (the jaw, which dlib's mean shape lacks and no aligner here uses) repeat 17 to 33.
   */
  static float[] dlibMeanFace(DlibChipAligner aligner, Affine pose) {
    float[] points = new float[136];
    for (int i = 0; i < 68; i++) {
      double[] p = aligner.templatePoint(i < 17 ? i + 17 : i);
      points[2 * i] = (float) pose.x(p[0], p[1]);
      points[2 * i + 1] = (float) pose.y(p[0], p[1]);
    }
    return points;
  }

  /** An image whose pixel (x, y) shows the pattern at {@code imageToPattern(x, y)}. */
  static RgbImage render(int width, int height, Affine imageToPattern, Pattern pattern) {
    byte[] pixels = new byte[width * height * 3];
    double[] rgb = new double[3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        pattern.colour(imageToPattern.x(x, y), imageToPattern.y(x, y), rgb);
        for (int c = 0; c < 3; c++) {
          pixels[(y * width + x) * 3 + c] = (byte) Math.round(Math.clamp(rgb[c], 0, 255));
        }
      }
    }
    return new RgbImage(width, height, pixels);
  }

  /** Mean absolute difference of two same-sized images' bytes, 0-255. */
  static double meanAbsDifference(RgbImage a, RgbImage b) {
    if (a.width() != b.width() || a.height() != b.height()) {
      throw new IllegalArgumentException("sizes differ");
    }
    long sum = 0;
    for (int i = 0; i < a.pixels().length; i++) {
      sum += Math.abs((a.pixels()[i] & 255) - (b.pixels()[i] & 255));
    }
    return sum / (double) a.pixels().length;
  }
}
