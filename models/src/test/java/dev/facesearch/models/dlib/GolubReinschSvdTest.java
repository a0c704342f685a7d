package dev.facesearch.models.dlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The decomposition's defining properties on seeded random matrices. */
class GolubReinschSvdTest {
  @Test
  void of_randomSquareAndTallMatrices_reconstructsWithOrthonormalFactors() {
    Random random = new Random(13);
    for (int trial = 0; trial < 50; trial++) {
      int n = 1 + random.nextInt(10);
      int m = n + (trial % 2 == 0 ? 0 : random.nextInt(5));
      double[][] a = new double[m][n];
      for (double[] row : a) {
        for (int j = 0; j < n; j++) {
          row[j] = random.nextGaussian();
        }
      }
      GolubReinschSvd svd = GolubReinschSvd.of(a);
      assertReconstructs(a, svd, 1e-12);
      assertOrthonormalColumns(svd.u, 1e-12);
      assertOrthonormalColumns(svd.v, 1e-12);
      for (double s : svd.w) {
        assertTrue(s >= 0, "singular value " + s);
      }
    }
  }

  @Test
  void of_rankTwoMatrix_hasTwoNonZeroSingularValues() {
    Random random = new Random(5);
    int n = 10;
    double[][] a = new double[n][n];
    for (int k = 0; k < 2; k++) {
      double[] x = random.doubles(n).toArray();
      double[] y = random.doubles(n).toArray();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          a[i][j] += x[i] * y[j];
        }
      }
    }
    GolubReinschSvd svd = GolubReinschSvd.of(a);
    assertReconstructs(a, svd, 1e-12);
    long nonZero = java.util.Arrays.stream(svd.w).filter(s -> s > 1e-10).count();
    assertEquals(2, nonZero);
  }

  @Test
  void of_zeroMatrix_isAllZeroValues() {
    GolubReinschSvd svd = GolubReinschSvd.of(new double[4][4]);
    for (double s : svd.w) {
      assertEquals(0.0, s);
    }
    assertOrthonormalColumns(svd.v, 0);
  }

  private static void assertReconstructs(double[][] a, GolubReinschSvd svd, double tolerance) {
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        double sum = 0;
        for (int k = 0; k < svd.w.length; k++) {
          sum += svd.u[i][k] * svd.w[k] * svd.v[j][k];
        }
        assertEquals(a[i][j], sum, tolerance, "a(" + i + "," + j + ")");
      }
    }
  }

  private static void assertOrthonormalColumns(double[][] q, double tolerance) {
    int n = q[0].length;
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        double dot = 0;
        for (double[] row : q) {
          dot += row[a] * row[b];
        }
        assertEquals(a == b ? 1 : 0, dot, tolerance, "columns " + a + ", " + b);
      }
    }
  }
}
