package dev.facesearch.server.landmark;

/**
 * The singular value decomposition of a small dense matrix by Golub and Reinsch's algorithm
 * (Householder bidiagonalisation, then implicitly shifted QR sweeps), as published in Wilkinson and
 * Reinsch, "Handbook for Automatic Computation, vol. II, Linear Algebra", and as dlib 19.24 runs it
 * when built without LAPACK ({@code svd4} in {@code dlib/matrix/matrix_la.h}, which {@code svd},
 * {@code svd3} and {@code pinv} call). Every operation is done in the same order as there, so the
 * results are bit for bit dlib's: the shape predictor's similarity transforms depend on it.
 *
 * <p>Matrices are row-major {@code double[]}. For an m x n matrix {@code a} with {@code m >= n} it
 * finds {@code u} (m x n, orthonormal columns), {@code q} (n singular values, not sorted) and
 * {@code v} (n x n orthogonal) with {@code a = u * diag(q) * v^T}. The caller passes every array,
 * so a decomposition allocates nothing. Stateless and thread-safe.
 */
final class SmallSvd {
  private static final double EPSILON = Math.ulp(1.0);
  private static final double TOLERANCE = Double.MIN_NORMAL / EPSILON;
  private static final int MAX_SWEEPS = 300;

  private SmallSvd() {}

  /**
   * Decomposes {@code a} (m x n, left unchanged) into {@code u}, {@code q} and {@code v}, using
   * {@code e} (n values) as scratch.
   *
   * @return 0, or as dlib does the index of a singular value that did not converge in 300 sweeps
   */
  static int decompose(double[] a, int m, int n, double[] u, double[] q, double[] v, double[] e) {
    assert m >= n && n > 0 && a.length >= m * n && u.length >= m * n;
    assert q.length >= n && v.length >= n * n && e.length >= n;
    System.arraycopy(a, 0, u, 0, m * n);
    double scale = bidiagonalize(u, m, n, q, e);
    accumulateRight(u, n, v, e);
    accumulateLeft(u, m, n, q);
    return diagonalize(u, m, n, q, v, e, EPSILON * scale);
  }

  /**
   * Householder reflections from the left (columns) and right (rows) leave the diagonal in q and
   * the superdiagonal in e (e[0] = 0); returns the largest |q[i]| + |e[i]|, the convergence scale.
   */
  private static double bidiagonalize(double[] u, int m, int n, double[] q, double[] e) {
    double g = 0;
    double x = 0;
    for (int i = 0; i < n; i++) {
      e[i] = g;
      int l = i + 1;
      double s = 0;
      for (int j = i; j < m; j++) {
        s += u[j * n + i] * u[j * n + i];
      }
      if (s < TOLERANCE) {
        g = 0;
      } else {
        double f = u[i * n + i];
        g = f < 0 ? Math.sqrt(s) : -Math.sqrt(s);
        double h = f * g - s;
        u[i * n + i] = f - g;
        for (int j = l; j < n; j++) {
          s = 0;
          for (int k = i; k < m; k++) {
            s += u[k * n + i] * u[k * n + j];
          }
          f = s / h;
          for (int k = i; k < m; k++) {
            u[k * n + j] += f * u[k * n + i];
          }
        }
      }
      q[i] = g;
      s = 0;
      for (int j = l; j < n; j++) {
        s += u[i * n + j] * u[i * n + j];
      }
      if (s < TOLERANCE) {
        g = 0;
      } else {
        double f = u[i * n + i + 1];
        g = f < 0 ? Math.sqrt(s) : -Math.sqrt(s);
        double h = f * g - s;
        u[i * n + i + 1] = f - g;
        for (int j = l; j < n; j++) {
          e[j] = u[i * n + j] / h;
        }
        for (int j = l; j < m; j++) {
          s = 0;
          for (int k = l; k < n; k++) {
            s += u[j * n + k] * u[i * n + k];
          }
          for (int k = l; k < n; k++) {
            u[j * n + k] += s * e[k];
          }
        }
      }
      double y = Math.abs(q[i]) + Math.abs(e[i]);
      if (y > x) {
        x = y;
      }
    }
    return x;
  }

  /** Builds v from the right reflections stored in u's rows. */
  private static void accumulateRight(double[] u, int n, double[] v, double[] e) {
    // The last row reflection is always empty, so g starts at zero and l at n.
    double g = 0;
    int l = n;
    for (int i = n - 1; i >= 0; i--) {
      if (g != 0) {
        double h = u[i * n + i + 1] * g;
        for (int j = l; j < n; j++) {
          v[j * n + i] = u[i * n + j] / h;
        }
        for (int j = l; j < n; j++) {
          double s = 0;
          for (int k = l; k < n; k++) {
            s += u[i * n + k] * v[k * n + j];
          }
          for (int k = l; k < n; k++) {
            v[k * n + j] += s * v[k * n + i];
          }
        }
      }
      for (int j = l; j < n; j++) {
        v[i * n + j] = 0;
        v[j * n + i] = 0;
      }
      v[i * n + i] = 1;
      g = e[i];
      l = i;
    }
  }

  /** Turns u, which holds the left reflections, into the m x n matrix of left singular vectors. */
  private static void accumulateLeft(double[] u, int m, int n, double[] q) {
    for (int i = n - 1; i >= 0; i--) {
      int l = i + 1;
      double g = q[i];
      for (int j = l; j < n; j++) {
        u[i * n + j] = 0;
      }
      if (g != 0) {
        double h = u[i * n + i] * g;
        for (int j = l; j < n; j++) {
          double s = 0;
          for (int k = l; k < m; k++) {
            s += u[k * n + i] * u[k * n + j];
          }
          double f = s / h;
          for (int k = i; k < m; k++) {
            u[k * n + j] += f * u[k * n + i];
          }
        }
        for (int j = i; j < m; j++) {
          u[j * n + i] /= g;
        }
      } else {
        for (int j = i; j < m; j++) {
          u[j * n + i] = 0;
        }
      }
      u[i * n + i] += 1;
    }
  }

  /** QR sweeps on the bidiagonal until each superdiagonal value is negligible against eps. */
  private static int diagonalize(
      double[] u, int m, int n, double[] q, double[] v, double[] e, double eps) {
    for (int k = n - 1; k >= 0; k--) {
      int sweeps = 0;
      while (true) {
        // Find l: either e[l] is negligible (the block l..k splits off), or q[l - 1] is, and
        // e[l] must first be cancelled by rotations. e[0] is always zero, which ends the search.
        int l = k;
        boolean cancel = false;
        for (; l >= 0; l--) {
          if (Math.abs(e[l]) <= eps) {
            break;
          }
          assert l > 0;
          if (Math.abs(q[l - 1]) <= eps) {
            cancel = true;
            break;
          }
        }
        if (cancel) {
          cancelSuperdiagonal(u, m, n, q, e, l, k, eps);
        }
        double z = q[k];
        if (l == k) {
          if (z < 0) {
            q[k] = -z;
            for (int j = 0; j < n; j++) {
              v[j * n + k] = -v[j * n + k];
            }
          }
          break;
        }
        if (++sweeps > MAX_SWEEPS) {
          return k;
        }
        sweep(u, m, n, q, v, e, l, k);
      }
    }
    return 0;
  }

  /** Givens rotations from the left that zero e[l..k] when q[l - 1] is negligible. */
  private static void cancelSuperdiagonal(
      double[] u, int m, int n, double[] q, double[] e, int l, int k, double eps) {
    double c = 0;
    double s = 1;
    int l1 = l - 1;
    for (int i = l; i <= k; i++) {
      double f = s * e[i];
      e[i] *= c;
      if (Math.abs(f) <= eps) {
        return;
      }
      double g = q[i];
      double h = Math.sqrt(f * f + g * g);
      q[i] = h;
      c = g / h;
      s = -f / h;
      for (int j = 0; j < m; j++) {
        double y = u[j * n + l1];
        double z = u[j * n + i];
        u[j * n + l1] = y * c + z * s;
        u[j * n + i] = -y * s + z * c;
      }
    }
  }

  /** One implicit QR step on the block l..k, shifted by the bottom 2x2 minor's eigenvalue. */
  private static void sweep(
      double[] u, int m, int n, double[] q, double[] v, double[] e, int l, int k) {
    double z = q[k];
    double x = q[l];
    double y = q[k - 1];
    double g = e[k - 1];
    double h = e[k];
    double f = ((y - z) * (y + z) + (g - h) * (g + h)) / (2 * h * y);
    g = Math.sqrt(f * f + 1.0);
    f = ((x - z) * (x + z) + h * (y / (f < 0 ? f - g : f + g) - h)) / x;
    double c = 1;
    double s = 1;
    for (int i = l + 1; i <= k; i++) {
      g = e[i];
      y = q[i];
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
        x = v[j * n + i - 1];
        z = v[j * n + i];
        v[j * n + i - 1] = x * c + z * s;
        v[j * n + i] = -x * s + z * c;
      }
      z = Math.sqrt(f * f + h * h);
      q[i - 1] = z;
      if (z != 0) {
        c = f / z;
        s = h / z;
      }
      f = c * g + s * y;
      x = -s * g + c * y;
      for (int j = 0; j < m; j++) {
        y = u[j * n + i - 1];
        z = u[j * n + i];
        u[j * n + i - 1] = y * c + z * s;
        u[j * n + i] = -y * s + z * c;
      }
    }
    e[l] = 0;
    e[k] = f;
    q[k] = x;
  }
}
