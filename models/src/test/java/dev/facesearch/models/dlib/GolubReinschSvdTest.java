package dev.facesearch.models.dlib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The decomposition's properties on seeded random and degenerate matrices, and dlib's bits. */
class GolubReinschSvdTest {
  private static final double TOLERANCE = 1e-12;

  /**
   * dlib 19.24's {@code svd3} (built without LAPACK) of the 4x3 matrix {@code a(i, j) = ((3i + j) *
   * 7 % 11 - 5) / 3}, printed with {@code %a}: u row by row, then w, then v row by row.
   */
  private static final double[] DLIB_U = {
    -0x1.283669f6c0a91p-2, 0x1.d4f3f322bc2f1p-1, -0x1.1ce5d2a249917p-2,
    0x1.22964ce69e7b1p-1, -0x1.345609ccbde64p-5, -0x1.6d91cdbd2acbep-1,
    0x1.1ae557c178c48p-1, 0x1.4ed14effbdaf1p-3, -0x1.291d63aafea9ap-5,
    0x1.1334629c530e3p-1, 0x1.755c1039556bdp-2, 0x1.486e2147caf63p-1,
  };

  private static final double[] DLIB_W = {
    0x1.af82260a7de3p+1, 0x1.c9b592ed345bbp+0, 0x1.531523c118bb7p-1
  };

  private static final double[] DLIB_V = {
    0x1.9a68c0c2c09f1p-1, -0x1.20474bf6c02d5p-1, -0x1.9be626943fd07p-3,
    -0x1.bc495477219cp-5, 0x1.10ecd02c8e9b3p-2, -0x1.ecb295c0f1285p-1,
    -0x1.30db291ba3e1dp-1, -0x1.908581ff3020bp-1, -0x1.77012bb6e61e1p-3,
  };

  @Test
  void decompose_probeMatrix_matchesDlibBitForBit() {
    double[] a = new double[12];
    for (int i = 0; i < 12; i++) {
      a[i] = (i * 7 % 11 - 5) / 3.0;
    }
    double[] u = new double[12];
    double[] w = new double[3];
    double[] v = new double[9];
    assertEquals(0, GolubReinschSvd.decompose(a, 4, 3, u, w, v, new double[3]));
    assertBits(DLIB_U, u, "u");
    assertBits(DLIB_W, w, "w");
    assertBits(DLIB_V, v, "v");
  }

  @Test
  void decompose_randomMatrices_reconstructWithOrthonormalFactors() {
    SplittableRandom random = new SplittableRandom(42);
    int[][] shapes = {{1, 1}, {2, 2}, {3, 3}, {5, 3}, {4, 1}, {6, 6}, {10, 10}, {14, 10}};
    for (int[] shape : shapes) {
      for (int trial = 0; trial < 50; trial++) {
        double[] a = new double[shape[0] * shape[1]];
        for (int i = 0; i < a.length; i++) {
          a[i] = trial % 2 == 0 ? random.nextDouble(-10, 10) : random.nextGaussian();
        }
        assertDecomposes(a, shape[0], shape[1]);
      }
    }
  }

  @Test
  void decompose_rankDeficientAndZero_stillDecompose() {
    assertDecomposes(new double[] {1, 2, 2, 4}, 2, 2); // rank one
    assertDecomposes(new double[4], 2, 2);
    assertDecomposes(new double[100], 10, 10);
    assertDecomposes(new double[] {0, 1, 1, 0, 0, 1, 1, 1, 1}, 3, 3); // the box's source points
    // Golub-Reinsch does not rescale: squares must stay finite, as they do in dlib.
    assertDecomposes(new double[] {1e-100, 0, 0, 1e100}, 2, 2);
  }

  @Test
  void decompose_rankTwoMatrix_hasTwoNonZeroSingularValues() {
    SplittableRandom random = new SplittableRandom(5);
    int n = 10;
    double[] a = new double[n * n];
    for (int k = 0; k < 2; k++) {
      double[] x = random.doubles(n).toArray();
      double[] y = random.doubles(n).toArray();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          a[i * n + j] += x[i] * y[j];
        }
      }
    }
    double[] w = assertDecomposes(a, n, n);
    assertEquals(2, Arrays.stream(w).filter(s -> s > 1e-10).count());
  }

  @Test
  void decompose_diagonal_givesItsAbsoluteValues() {
    double[] w = assertDecomposes(new double[] {3, 0, 0, -2}, 2, 2);
    assertEquals(3, w[0], TOLERANCE);
    assertEquals(2, w[1], TOLERANCE);
  }

  @Test
  void decompose_wideMatrixOrShortArrays_throw() {
    double[] b = new double[9];
    assertThrows(
        IllegalArgumentException.class,
        () -> GolubReinschSvd.decompose(b, 2, 3, b.clone(), b.clone(), b.clone(), b.clone()));
    assertThrows(
        IllegalArgumentException.class,
        () -> GolubReinschSvd.decompose(b, 3, 3, b.clone(), b.clone(), new double[8], b.clone()));
    assertThrows(
        IllegalArgumentException.class,
        () -> GolubReinschSvd.decompose(b, 3, 3, b, b.clone(), b.clone(), b.clone()));
  }

  /**
   * Checks a = u diag(w) v', w >= 0, v orthogonal and u's non-null columns orthonormal; returns w.
   */
  private static double[] assertDecomposes(double[] a, int m, int n) {
    double[] copy = a.clone();
    double[] u = new double[m * n];
    double[] w = new double[n];
    double[] v = new double[n * n];
    assertEquals(0, GolubReinschSvd.decompose(a, m, n, u, w, v, new double[n]));
    assertArrayEquals(copy, a, "a is left unchanged");
    double scale = 1;
    for (double value : a) {
      scale = Math.max(scale, Math.abs(value));
    }
    for (double s : w) {
      assertTrue(s >= 0, "singular value " + s);
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int k = 0; k < n; k++) {
          sum += u[i * n + k] * w[k] * v[j * n + k];
        }
        assertEquals(a[i * n + j], sum, TOLERANCE * scale, "a(" + i + "," + j + ")");
      }
    }
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
        assertEquals(i == j ? 1 : 0, vv, TOLERANCE, "v' v");
        if (w[i] > TOLERANCE * scale && w[j] > TOLERANCE * scale) {
          assertEquals(i == j ? 1 : 0, uu, TOLERANCE, "u' u");
        }
      }
    }
    return w;
  }

  private static void assertBits(double[] expected, double[] actual, String name) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          Double.doubleToRawLongBits(expected[i]),
          Double.doubleToRawLongBits(actual[i]),
          name + "[" + i + "]: " + Double.toHexString(actual[i]));
    }
  }
}
