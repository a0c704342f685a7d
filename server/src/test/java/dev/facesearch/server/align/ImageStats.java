package dev.facesearch.server.align;

import dev.facesearch.server.image.RgbImage;

/** Similarity measures of two images of one size. */
final class ImageStats {
  private ImageStats() {}

  /**
   * Pearson correlation of the two images' luma (BT.601 weights): 1 for the same picture, whatever
   * its brightness and contrast; insensitive to small colour shifts, sensitive to misplacement.
   */
  static double grayCorrelation(RgbImage a, RgbImage b) {
    if (a.width() != b.width() || a.height() != b.height()) {
      throw new IllegalArgumentException("sizes differ");
    }
    double[] x = gray(a);
    double[] y = gray(b);
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= x.length;
    my /= y.length;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  private static double[] gray(RgbImage image) {
    byte[] p = image.pixels();
    double[] gray = new double[p.length / 3];
    for (int i = 0; i < gray.length; i++) {
      gray[i] =
          0.299 * (p[3 * i] & 255) + 0.587 * (p[3 * i + 1] & 255) + 0.114 * (p[3 * i + 2] & 255);
    }
    return gray;
  }
}
