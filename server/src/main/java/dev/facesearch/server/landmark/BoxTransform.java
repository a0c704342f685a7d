package dev.facesearch.server.landmark;

import dev.facesearch.models.dlib.GolubReinschSvd;

/**
 * The affine map from the unit square to a face box that dlib's shape predictor works in: (0, 0) to
 * the box's top-left corner, (1, 0) to its top-right and (1, 1) to its bottom-right, with dlib's
 * inclusive corners. dlib 19.24 ({@code unnormalizing_tform}) fits it by least squares through a
 * pseudo-inverse of the three source points ({@code find_affine_transform}), so its matrix is
 * {@code diag(right - left, bottom - top)} only up to rounding; this class repeats that computation
 * so the rounding is dlib's too.
 *
 * <p>The source points never change, so their pseudo-inverse is computed once, the way dlib's
 * {@code pinv} does it (SVD, singular values below {@code 3 * epsilon * max} dropped, reciprocals
 * scaled into v, times u transposed); each box then costs one 2x3 by 3x3 product. Thread-safe.
 */
final class BoxTransform {
  /** The pseudo-inverse of the homogeneous source points, row-major 3x3. */
  private static final double[] UNIT_PSEUDO_INVERSE = unitPseudoInverse();

  private BoxTransform() {}

  /**
   * Stores the map for the box in {@code out} as {@code m00, m01, m10, m11, b0, b1}. Coordinates
   * pass through float first, as dlib converts the box's corners to float points.
   */
  static void of(long left, long top, long right, long bottom, double[] out) {
    double[] p = UNIT_PSEUDO_INVERSE;
    double l = (float) left;
    double t = (float) top;
    double r = (float) right;
    double b = (float) bottom;
    // Target points as columns: (l, t), (r, t), (r, b).
    out[0] = l * p[0] + r * p[3] + r * p[6];
    out[1] = l * p[1] + r * p[4] + r * p[7];
    out[4] = l * p[2] + r * p[5] + r * p[8];
    out[2] = t * p[0] + t * p[3] + b * p[6];
    out[3] = t * p[1] + t * p[4] + b * p[7];
    out[5] = t * p[2] + t * p[5] + b * p[8];
  }

  private static double[] unitPseudoInverse() {
    // Source points (0, 0), (1, 0), (1, 1) as homogeneous columns.
    double[] points = {
      0, 1, 1,
      0, 0, 1,
      1, 1, 1
    };
    double[] u = new double[9];
    double[] w = new double[3];
    double[] v = new double[9];
    GolubReinschSvd.decompose(points, 3, 3, u, w, v, new double[3]);
    double max = Math.max(w[0], Math.max(w[1], w[2]));
    double eps = Math.ulp(1.0) * 3 * max;
    double[] reciprocal = new double[3];
    for (int i = 0; i < 3; i++) {
      double kept = w[i] >= eps || w[i] <= -eps ? w[i] : 0;
      reciprocal[i] = kept != 0 ? 1.0 / kept : 0;
    }
    double[] inverse = new double[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double sum = v[i * 3] * reciprocal[0] * u[j * 3];
        for (int k = 1; k < 3; k++) {
          sum += v[i * 3 + k] * reciprocal[k] * u[j * 3 + k];
        }
        inverse[i * 3 + j] = sum;
      }
    }
    return inverse;
  }

  /** The pseudo-inverse, for tests. */
  static double[] unitPseudoInverse(double[] copy) {
    System.arraycopy(UNIT_PSEUDO_INVERSE, 0, copy, 0, 9);
    return copy;
  }
}
