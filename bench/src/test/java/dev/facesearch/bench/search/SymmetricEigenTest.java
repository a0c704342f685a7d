package dev.facesearch.bench.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

  @Test
  void of_randomCovariance_reconstructsItWithOrthonormalVectors() {
    double[][] a = covariance(new Random(5), 40, 60);
    SymmetricEigen eigen = SymmetricEigen.of(a);
    double[][] v = eigen.vectors();
    double[] values = eigen.values();
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a.length; j++) {
        double reconstructed = 0;
        double gram = 0;
        for (int k = 0; k < a.length; k++) {
          reconstructed += v[i][k] * values[k] * v[j][k];
          gram += v[k][i] * v[k][j];
        }
        assertEquals(a[i][j], reconstructed, 1e-9, "A at " + i + "," + j);
        assertEquals(i == j ? 1 : 0, gram, 1e-9, "V^T V at " + i + "," + j);
      }
    }
  }

  @Test
  void squareRoot_singularCovariance_givesItBack() {
    // Rank 5 in 20 dimensions: Cholesky would fail, the eigen root does not.
    double[][] a = covariance(new Random(6), 20, 5);
    double[][] f = SymmetricEigen.of(a).squareRoot();
    int zeros = 0;
    for (double value : SymmetricEigen.of(a).values()) {
      if (Math.abs(value) < 1e-9) {
        zeros++;
      }
    }
    assertEquals(15, zeros);
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a.length; j++) {
        double product = 0;
        for (int k = 0; k < a.length; k++) {
          product += f[i][k] * f[j][k];
        }
        assertEquals(a[i][j], product, 1e-9, "F F^T at " + i + "," + j);
      }
    }
  }

  @Test
  void of_diagonal_returnsTheDiagonal() {
    double[][] a = {{3, 0, 0}, {0, 1, 0}, {0, 0, 2}};
    double[] values = SymmetricEigen.of(a).values();
    java.util.Arrays.sort(values);
    assertEquals(1, values[0], 0);
    assertEquals(2, values[1], 0);
    assertEquals(3, values[2], 0);
  }

  @Test
  void correlatedGaussian_sampleCovariance_matchesTheTarget() {
    double[][] c = covariance(new Random(8), 4, 6);
    CorrelatedGaussian gaussian = new CorrelatedGaussian(c);
    Random random = new Random(9);
    int n = 40_000;
    double[][] sum = new double[4][4];
    float[] zero = new float[4];
    for (int s = 0; s < n; s++) {
      float[] x = gaussian.around(zero, random);
      for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
          sum[i][j] += x[i] * x[j];
        }
      }
    }
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        double estimate = sum[i][j] / n;
        // Standard error of a covariance estimate: sqrt((c_ii c_jj + c_ij^2) / n).
        double se = Math.sqrt((c[i][i] * c[j][j] + c[i][j] * c[i][j]) / n);
        assertTrue(
            Math.abs(estimate - c[i][j]) < 5 * se,
            "cov " + i + "," + j + ": " + estimate + " vs " + c[i][j]);
      }
    }
  }

  /** X^T X / samples for a samples x n Gaussian X: positive definite iff samples >= n. */
  private static double[][] covariance(Random random, int n, int samples) {
    double[][] x = new double[samples][n];
    for (double[] row : x) {
      for (int i = 0; i < n; i++) {
        row[i] = random.nextGaussian();
      }
    }
    double[][] c = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        for (double[] row : x) {
          c[i][j] += row[i] * row[j] / samples;
        }
      }
    }
    return c;
  }
}
