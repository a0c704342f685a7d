package dev.facesearch.server.landmark;

import dev.facesearch.models.dlib.GolubReinschSvd;

/**
 * The least-squares similarity transform (rotation, uniform scale, translation) between two point
 * sets, by Umeyama's method ("Least-squares estimation of transformation parameters between two
 * point patterns", 1991, equations 34-43), in exactly the arithmetic of dlib 19.24's {@code
 * find_similarity_transform} over float points: double means, variance and covariance, dlib's SVD
 * of the 2x2 covariance ({@link GolubReinschSvd}), a reflection fixed through the sign matrix.
 *
 * <p>dlib details kept on purpose: the means are divided by the point count, but the covariance is
 * multiplied by its reciprocal (dlib's matrix-by-scalar division); the translation is {@code
 * mean_to - c * (r * mean_from)}, the scalar taken out of the product as dlib's expression
 * templates take it. Not thread-safe: each instance holds the scratch arrays of one decomposition.
 */
final class SimilarityTransform {
  private final double[] covariance = new double[4];
  private final double[] u = new double[4];
  private final double[] singular = new double[2];
  private final double[] v = new double[4];
  private final double[] scratch = new double[2];

  /**
   * Fits the transform taking {@code from} onto {@code to}, both {@code n} interleaved points (x0,
   * y0, x1, ...), and stores it in {@code out} as {@code m00, m01, m10, m11, b0, b1}: a point p
   * maps to {@code m * p + b}.
   */
  void fit(float[] from, float[] to, int n, double[] out) {
    assert n >= 1 && from.length >= 2 * n && to.length >= 2 * n && out.length >= 6;
    double meanFromX = 0;
    double meanFromY = 0;
    double meanToX = 0;
    double meanToY = 0;
    for (int i = 0; i < n; i++) {
      meanFromX += from[2 * i];
      meanFromY += from[2 * i + 1];
      meanToX += to[2 * i];
      meanToY += to[2 * i + 1];
    }
    meanFromX /= n;
    meanFromY /= n;
    meanToX /= n;
    meanToY /= n;

    double sigmaFrom = 0;
    double c00 = 0;
    double c01 = 0;
    double c10 = 0;
    double c11 = 0;
    for (int i = 0; i < n; i++) {
      double fx = from[2 * i] - meanFromX;
      double fy = from[2 * i + 1] - meanFromY;
      double tx = to[2 * i] - meanToX;
      double ty = to[2 * i + 1] - meanToY;
      sigmaFrom += fx * fx + fy * fy;
      c00 += tx * fx;
      c01 += tx * fy;
      c10 += ty * fx;
      c11 += ty * fy;
    }
    sigmaFrom /= n;
    double reciprocal = 1.0 / n;
    covariance[0] = c00 * reciprocal;
    covariance[1] = c01 * reciprocal;
    covariance[2] = c10 * reciprocal;
    covariance[3] = c11 * reciprocal;

    GolubReinschSvd.decompose(covariance, 2, 2, u, singular, v, scratch);
    double s0 = 1;
    double s1 = 1;
    double det = determinant(covariance);
    if (det < 0 || (det == 0 && determinant(u) * determinant(v) < 0)) {
      if (singular[1] < singular[0]) {
        s1 = -1;
      } else {
        s0 = -1;
      }
    }
    // r = u * s * v^T, each product a dot product in dlib's order (s is diagonal, the zero terms
    // change nothing but are kept so that signed zeros come out as dlib's).
    double us00 = u[0] * s0 + u[1] * 0.0;
    double us01 = u[0] * 0.0 + u[1] * s1;
    double us10 = u[2] * s0 + u[3] * 0.0;
    double us11 = u[2] * 0.0 + u[3] * s1;
    double r00 = us00 * v[0] + us01 * v[1];
    double r01 = us00 * v[2] + us01 * v[3];
    double r10 = us10 * v[0] + us11 * v[1];
    double r11 = us10 * v[2] + us11 * v[3];

    double scale = 1;
    if (sigmaFrom != 0) {
      // trace(d * s), d = diag(singular): the sum of the product's diagonal, from zero.
      double trace = 0.0 + (singular[0] * s0 + 0.0 * 0.0) + (0.0 * 0.0 + singular[1] * s1);
      scale = 1.0 / sigmaFrom * trace;
    }
    out[0] = scale * r00;
    out[1] = scale * r01;
    out[2] = scale * r10;
    out[3] = scale * r11;
    out[4] = meanToX - (r00 * meanFromX + r01 * meanFromY) * scale;
    out[5] = meanToY - (r10 * meanFromX + r11 * meanFromY) * scale;
  }

  private static double determinant(double[] m) {
    return m[0] * m[3] - m[1] * m[2];
  }
}
