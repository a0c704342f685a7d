package dev.facesearch.bench.search;

import java.util.Random;
import org.apache.lucene.util.VectorUtil;

/**
 * Draws from a zero-mean multivariate normal N(0, C), as F z with F F^T = C (from the
 * eigen-decomposition of C) and z standard normal.
 */
final class CorrelatedGaussian {
  // Rows of F as floats: each output value is one vectorised dot product.
  private final float[][] rows;

  CorrelatedGaussian(double[][] covariance) {
    double[][] root = SymmetricEigen.of(covariance).squareRoot();
    rows = new float[root.length][root.length];
    for (int i = 0; i < root.length; i++) {
      for (int j = 0; j < root.length; j++) {
        rows[i][j] = (float) root[i][j];
      }
    }
  }

  int dimension() {
    return rows.length;
  }

  /** {@code centre} plus a draw from N(0, C), as a new array. */
  float[] around(float[] centre, Random random) {
    if (centre.length != rows.length) {
      throw new IllegalArgumentException(
          "vector dimensions differ: " + centre.length + "!=" + rows.length);
    }
    float[] z = new float[rows.length];
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) random.nextGaussian();
    }
    float[] draw = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      draw[i] = centre[i] + VectorUtil.dotProduct(rows[i], z);
    }
    return draw;
  }
}
