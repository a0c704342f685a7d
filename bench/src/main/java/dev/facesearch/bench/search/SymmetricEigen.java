package dev.facesearch.bench.search;

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations: A = V diag(values) V^T.
 *
 * <p>Slow for large matrices (cubic per sweep) but exact to rounding and simple, and a 128x128
 * covariance takes milliseconds. Estimated covariances are often singular (the embedding statistics
 * have several zero eigenvalues), which a Cholesky factorisation rejects; the eigen-decomposition
 * gives a square root of any positive semi-definite matrix, clipping the tiny negative eigenvalues
 * that rounding leaves.
 */
final class SymmetricEigen {
  private static final int MAX_SWEEPS = 100;

  private final double[] values;
  private final double[][] vectors;

  private SymmetricEigen(double[] values, double[][] vectors) {
    this.values = values;
    this.vectors = vectors;
  }

  static SymmetricEigen of(double[][] matrix) {
    int n = matrix.length;
    double scale = 0;
    for (int i = 0; i < n; i++) {
      if (matrix[i].length != n) {
        throw new IllegalArgumentException("not square: row " + i + " has " + matrix[i].length);
      }
      for (int j = 0; j < n; j++) {
        scale = Math.max(scale, Math.abs(matrix[i][j]));
      }
    }
    // Symmetrise: a matrix read from a file may differ from its transpose by rounding.
    double[][] a = new double[n][n];
    double frobenius = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (Math.abs(matrix[i][j] - matrix[j][i]) > 1e-6 * scale) {
          throw new IllegalArgumentException("not symmetric at " + i + "," + j);
        }
        a[i][j] = (matrix[i][j] + matrix[j][i]) / 2;
        frobenius += a[i][j] * a[i][j];
      }
    }
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) {
      v[i][i] = 1;
    }
    for (int sweep = 0; sweep < MAX_SWEEPS && offDiagonal(a) > 1e-28 * frobenius; sweep++) {
      for (int p = 0; p < n - 1; p++) {
        for (int q = p + 1; q < n; q++) {
          if (a[p][q] != 0) {
            rotate(a, v, p, q);
          }
        }
      }
    }
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = a[i][i];
    }
    return new SymmetricEigen(values, v);
  }

  /** One Jacobi rotation in the (p, q) plane that zeroes a[p][q]: A = J^T A J, V = V J. */
  private static void rotate(double[][] a, double[][] v, int p, int q) {
    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
    if (theta == 0) {
      t = 1;
    }
    double c = 1 / Math.sqrt(t * t + 1);
    double s = t * c;
    int n = a.length;
    for (int k = 0; k < n; k++) {
      double akp = a[k][p];
      double akq = a[k][q];
      a[k][p] = c * akp - s * akq;
      a[k][q] = s * akp + c * akq;
    }
    for (int k = 0; k < n; k++) {
      double apk = a[p][k];
      double aqk = a[q][k];
      a[p][k] = c * apk - s * aqk;
      a[q][k] = s * apk + c * aqk;
    }
    for (int k = 0; k < n; k++) {
      double vkp = v[k][p];
      double vkq = v[k][q];
      v[k][p] = c * vkp - s * vkq;
      v[k][q] = s * vkp + c * vkq;
    }
  }

  private static double offDiagonal(double[][] a) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a.length; j++) {
        if (i != j) {
          sum += a[i][j] * a[i][j];
        }
      }
    }
    return sum;
  }

  /** The eigenvalues, in no particular order; {@code values()[i]} goes with column i. */
  double[] values() {
    return values.clone();
  }

  /** The eigenvectors as columns: {@code vectors()[row][i]} is component row of vector i. */
  double[][] vectors() {
    double[][] copy = new double[vectors.length][];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = vectors[i].clone();
    }
    return copy;
  }

  /**
   * F = V diag(sqrt(max(value, 0))), so that F F^T is the matrix with its negative eigenvalues set
   * to zero: F z is a draw from N(0, matrix) when z is standard normal.
   */
  double[][] squareRoot() {
    int n = values.length;
    double[][] root = new double[n][n];
    for (int j = 0; j < n; j++) {
      double scale = Math.sqrt(Math.max(values[j], 0));
      for (int i = 0; i < n; i++) {
        root[i][j] = vectors[i][j] * scale;
      }
    }
    return root;
  }
}
