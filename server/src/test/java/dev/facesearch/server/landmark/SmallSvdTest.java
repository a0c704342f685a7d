package dev.facesearch.server.landmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SmallSvdTest {
  private static final double TOLERANCE = 1e-12;

  @Test
  void decompose_randomMatrices_reconstructWithOrthonormalFactors() {
    SplittableRandom random = new SplittableRandom(42);
    int[][] shapes = {{2, 2}, {3, 3}, {5, 3}, {4, 1}, {6, 6}};
    for (int[] shape : shapes) {
      for (int trial = 0; trial < 50; trial++) {
        int m = shape[0];
        int n = shape[1];
        double[] a = new double[m * n];
        for (int i = 0; i < a.length; i++) {
          a[i] = random.nextDouble(-10, 10);
        }
        assertDecomposes(a, m, n);
      }
    }
  }

  @Test
  void decompose_rankDeficientAndZero_stillDecompose() {
    assertDecomposes(new double[] {1, 2, 2, 4}, 2, 2); // rank one
    assertDecomposes(new double[] {0, 0, 0, 0}, 2, 2);
    assertDecomposes(new double[] {0, 1, 1, 0, 0, 1, 1, 1, 1}, 3, 3); // the box's source points
    // Golub-Reinsch does not rescale: squares must stay finite, as they do in dlib.
    assertDecomposes(new double[] {1e-100, 0, 0, 1e100}, 2, 2);
  }

  @Test
  void decompose_diagonal_givesItsAbsoluteValues() {
    double[] u = new double[4];
    double[] q = new double[2];
    double[] v = new double[4];
    assertEquals(0, SmallSvd.decompose(new double[] {3, 0, 0, -2}, 2, 2, u, q, v, new double[2]));
    assertEquals(3, q[0], TOLERANCE);
    assertEquals(2, q[1], TOLERANCE);
  }

  private static void assertDecomposes(double[] a, int m, int n) {
    double[] u = new double[m * n];
    double[] q = new double[n];
    double[] v = new double[n * n];
    assertEquals(0, SmallSvd.decompose(a.clone(), m, n, u, q, v, new double[n]));
    double scale = 1;
    for (double value : a) {
      scale = Math.max(scale, Math.abs(value));
    }
    for (int j = 0; j < n; j++) {
      assertTrue(q[j] >= 0, "singular value " + q[j]);
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int k = 0; k < n; k++) {
          sum += u[i * n + k] * q[k] * v[j * n + k];
        }
        assertEquals(a[i * n + j], sum, TOLERANCE * scale, "a(" + i + "," + j + ")");
      }
    }
    // v is orthogonal; u's columns are orthonormal where their singular value is not zero.
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double vv = 0;
        double uu = 0;
        for (int k = 0; k < n; k++) {
          vv += v[k * n + i] * v[k * n + j];
        }
        for (int k = 0; k < m; k++) {
          uu += u[k * n + i] * u[k * n + j];
        }
        assertEquals(i == j ? 1 : 0, vv, TOLERANCE, "v^T v");
        if (q[i] > TOLERANCE * scale && q[j] > TOLERANCE * scale) {
          assertEquals(i == j ? 1 : 0, uu, TOLERANCE, "u^T u");
        }
      }
    }
  }
}
