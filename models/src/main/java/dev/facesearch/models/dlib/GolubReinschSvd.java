package dev.facesearch.models.dlib;

/**
 * The singular value decomposition {@code a = u * diag(w) * v'} of a matrix with at least as many
 * rows as columns, by the Golub-Reinsch algorithm (Householder bidiagonalisation, then implicitly
 * shifted QR on the bidiagonal; Golub and Reinsch, "Singular value decomposition and least squares
 * solutions", Handbook for Automatic Computation vol. II, 1971).
 *
 * <p>This is the algorithm dlib 19.24 runs when it is built without LAPACK ({@code svd4} in {@code
 * matrix_la.h}, reached from {@code svd3}), and every double operation here is done in the same
 * order, with no fused multiply-add, so the factors come out bit for bit as dlib's do: dlib splits
 * each fHOG filter into rank-1 terms with it when a detector is loaded, and the server convolves
 * with those terms in float, where a last-bit difference in a factor could move a score. The
 * singular values are not sorted; like dlib's, they are non-negative once it converges. After 300
 * QR sweeps on one value it gives up on the rest, as dlib does (silently, since dlib ignores the
 * failure code).
 */
final class GolubReinschSvd {
  private static final double EPS = Math.ulp(1.0);
  private static final double TOL = Double.MIN_NORMAL / EPS;
  private static final int MAX_SWEEPS = 300;

  final double[][] u;
  final double[] w;
  final double[][] v;

  private final int m;
  private final int n;
  private final double[] e;

  private GolubReinschSvd(double[][] a) {
    m = a.length;
    n = a[0].length;
    if (m < n) {
      throw new IllegalArgumentException("needs rows >= columns, got " + m + "x" + n);
    }
    u = new double[m][];
    for (int i = 0; i < m; i++) {
      if (a[i].length != n) {
        throw new IllegalArgumentException("ragged matrix at row " + i);
      }
      u[i] = a[i].clone();
    }
    w = new double[n];
    v = new double[n][n];
    e = new double[n];
  }

  /** Decomposes {@code a} (m x n, m >= n): u is m x n, w has n values, v is n x n. */
  static GolubReinschSvd of(double[][] a) {
    GolubReinschSvd svd = new GolubReinschSvd(a);
    double norm = svd.bidiagonalize();
    svd.accumulateRight();
    svd.accumulateLeft();
    svd.diagonalize(EPS * norm);
    return svd;
  }

  /** Householder reduction of u to bidiagonal form; returns the largest |w(i)| + |e(i)|. */
  private double bidiagonalize() {
    double g = 0;
    double x = 0;
    for (int i = 0; i < n; i++) {
      e[i] = g;
      int l = i + 1;
      double s = 0;
      for (int j = i; j < m; j++) {
        s += u[j][i] * u[j][i];
      }
      if (s < TOL) {
        g = 0;
      } else {
        double f = u[i][i];
        g = f < 0 ? Math.sqrt(s) : -Math.sqrt(s);
        double h = f * g - s;
        u[i][i] = f - g;
        for (int j = l; j < n; j++) {
          double t = 0;
          for (int k = i; k < m; k++) {
            t += u[k][i] * u[k][j];
          }
          double scale = t / h;
          for (int k = i; k < m; k++) {
            u[k][j] += scale * u[k][i];
          }
        }
      }
      w[i] = g;
      s = 0;
      for (int j = l; j < n; j++) {
        s += u[i][j] * u[i][j];
      }
      if (s < TOL) {
        g = 0;
      } else {
        double f = u[i][i + 1];
        g = f < 0 ? Math.sqrt(s) : -Math.sqrt(s);
        double h = f * g - s;
        u[i][i + 1] = f - g;
        for (int j = l; j < n; j++) {
          e[j] = u[i][j] / h;
        }
        for (int j = l; j < m; j++) {
          double t = 0;
          for (int k = l; k < n; k++) {
            t += u[j][k] * u[i][k];
          }
          for (int k = l; k < n; k++) {
            u[j][k] += t * e[k];
          }
        }
      }
      double y = Math.abs(w[i]) + Math.abs(e[i]);
      if (y > x) {
        x = y;
      }
    }
    // The right-hand accumulation starts from the g of the last column, which is always 0.
    assert g == 0;
    return x;
  }

  private void accumulateRight() {
    double g = 0;
    int l = n;
    for (int i = n - 1; i >= 0; i--) {
      if (g != 0) {
        double h = u[i][i + 1] * g;
        for (int j = l; j < n; j++) {
          v[j][i] = u[i][j] / h;
        }
        for (int j = l; j < n; j++) {
          double s = 0;
          for (int k = l; k < n; k++) {
            s += u[i][k] * v[k][j];
          }
          for (int k = l; k < n; k++) {
            v[k][j] += s * v[k][i];
          }
        }
      }
      for (int j = l; j < n; j++) {
        v[i][j] = 0;
        v[j][i] = 0;
      }
      v[i][i] = 1;
      g = e[i];
      l = i;
    }
  }

  private void accumulateLeft() {
    for (int i = n - 1; i >= 0; i--) {
      int l = i + 1;
      double g = w[i];
      for (int j = l; j < n; j++) {
        u[i][j] = 0;
      }
      if (g != 0) {
        double h = u[i][i] * g;
        for (int j = l; j < n; j++) {
          double s = 0;
          for (int k = l; k < m; k++) {
            s += u[k][i] * u[k][j];
          }
          double f = s / h;
          for (int k = i; k < m; k++) {
            u[k][j] += f * u[k][i];
          }
        }
        for (int j = i; j < m; j++) {
          u[j][i] /= g;
        }
      } else {
        for (int j = i; j < m; j++) {
          u[j][i] = 0;
        }
      }
      u[i][i] += 1;
    }
  }

  /** QR sweeps on the bidiagonal (w on the diagonal, e above it) until every e(k) vanishes. */
  private void diagonalize(double eps) {
    for (int k = n - 1; k >= 0; k--) {
      int sweeps = 0;
      while (true) {
        int l = splitPoint(k, eps);
        if (l < 0) {
          l = -l - 1;
          cancel(l, k, eps);
        }
        double z = w[k];
        if (l == k) {
          if (z < 0) {
            w[k] = -z;
            for (int j = 0; j < n; j++) {
              v[j][k] = -v[j][k];
            }
          }
          break;
        }
        if (++sweeps > MAX_SWEEPS) {
          return;
        }
        sweep(l, k, z);
      }
    }
  }

  /**
   * The first l (from k down) where e(l) is negligible, or {@code -l - 1} for the first l where w(l
   * - 1) is, so that e(l) must be cancelled. e(0) is always 0, so w(-1) is never read.
   */
  private int splitPoint(int k, double eps) {
    for (int l = k; l >= 0; l--) {
      if (Math.abs(e[l]) <= eps) {
        return l;
      }
      if (Math.abs(w[l - 1]) <= eps) {
        return -l - 1;
      }
    }
    throw new AssertionError("e(0) is not zero");
  }

  /** Cancels e(l) by Givens rotations against column l - 1 of u. */
  private void cancel(int l, int k, double eps) {
    double c = 0;
    double s = 1;
    int l1 = l - 1;
    for (int i = l; i <= k; i++) {
      double f = s * e[i];
      e[i] *= c;
      if (Math.abs(f) <= eps) {
        return;
      }
      double g = w[i];
      double h = Math.sqrt(f * f + g * g);
      w[i] = h;
      c = g / h;
      s = -f / h;
      for (int j = 0; j < m; j++) {
        double y = u[j][l1];
        double z = u[j][i];
        u[j][l1] = y * c + z * s;
        u[j][i] = -y * s + z * c;
      }
    }
  }

  /** One implicitly shifted QR sweep over rows l..k, the shift from the bottom 2x2 minor. */
  private void sweep(int l, int k, double z) {
    double x = w[l];
    double y = w[k - 1];
    double g = e[k - 1];
    double h = e[k];
    double f = ((y - z) * (y + z) + (g - h) * (g + h)) / (2 * h * y);
    g = Math.sqrt(f * f + 1.0);
    f = ((x - z) * (x + z) + h * (y / ((f < 0) ? (f - g) : (f + g)) - h)) / x;
    double c = 1;
    double s = 1;
    for (int i = l + 1; i <= k; i++) {
      g = e[i];
      y = w[i];
      h = s * g;
      g *= c;
      z = Math.sqrt(f * f + h * h);
      e[i - 1] = z;
      c = f / z;
      s = h / z;
      f = x * c + g * s;
      g = -x * s + g * c;
      h = y * s;
      y *= c;
      for (int j = 0; j < n; j++) {
        double vx = v[j][i - 1];
        double vz = v[j][i];
        v[j][i - 1] = vx * c + vz * s;
        v[j][i] = -vx * s + vz * c;
      }
      z = Math.sqrt(f * f + h * h);
      w[i - 1] = z;
      if (z != 0) {
        c = f / z;
        s = h / z;
      }
      f = c * g + s * y;
      x = -s * g + c * y;
      for (int j = 0; j < m; j++) {
        double uy = u[j][i - 1];
        double uz = u[j][i];
        u[j][i - 1] = uy * c + uz * s;
        u[j][i] = -uy * s + uz * c;
      }
    }
    e[l] = 0;
    e[k] = f;
    w[k] = x;
  }
}
