package dev.facesearch.models.dlib;

/**
 * The singular value decomposition {@code a = u * diag(q) * v'} of a matrix with at least as many
 * rows as columns, by the Golub-Reinsch algorithm (Householder bidiagonalisation, then implicitly
 * shifted QR on the bidiagonal; Golub and Reinsch, "Singular value decomposition and least squares
 * solutions", Handbook for Automatic Computation vol. II, 1971), in dlib 19.24's arithmetic.
 *
 * <p>This is the routine dlib runs when it is built without LAPACK ({@code svd4} in {@code
 * matrix_la.h}, which {@code svd3}, {@code svd} and {@code pinv} reach), with every double
 * operation in the same order and no fused multiply-add, so the factors come out bit for bit as
 * dlib's. Two places depend on that: the HOG detector's conversion splits each filter plane into
 * dlib's rank-1 terms with it ({@code SeparableFilters}), and the server's shape predictor fits its
 * similarity transforms and its box map with it, where a last-bit difference could move a feature
 * pixel. It is one routine for both so that they cannot drift apart.
 *
 * <p>Matrices are row-major {@code double[]}, and the caller passes every array, so that the shape
 * predictor's per-face 2x2 decompositions allocate nothing. The singular values are not sorted;
 * like dlib's, they are non-negative once the sweeps converge. After 300 QR sweeps on one value it
 * gives up on the rest, as dlib does, and says so only through its return value (which dlib's
 * callers ignore). Stateless and thread-safe.
 */
public final class GolubReinschSvd {
  private static final double EPS = Math.ulp(1.0);
  private static final double TOL = Double.MIN_NORMAL / EPS;
  private static final int MAX_SWEEPS = 300;

  private GolubReinschSvd() {}

  /**
   * Decomposes {@code a} (m x n, row-major, {@code m >= n >= 1}, left unchanged) into {@code u} (m
   * x n, orthonormal columns where the singular value is not zero), {@code q} (the n singular
   * values) and {@code v} (n x n, orthogonal), using {@code e} (n values) as scratch. Arrays may be
   * longer than needed; {@code u} must not be {@code a}.
   *
   * @return 0, or as dlib does the index of the singular value that did not converge (so also 0
   *     when the first one did not)
   */
  public static int decompose(
      double[] a, int m, int n, double[] u, double[] q, double[] v, double[] e) {
    if (n < 1 || m < n) {
      throw new IllegalArgumentException("needs rows >= columns >= 1, got " + m + "x" + n);
    }
    long size = (long) m * n;
    if (a.length < size || u.length < size || q.length < n || v.length < n * n || e.length < n) {
      throw new IllegalArgumentException("arrays too short for " + m + "x" + n);
    }
    if (u == a) {
      throw new IllegalArgumentException("u must not be a");
    }
    System.arraycopy(a, 0, u, 0, m * n);
    double norm = bidiagonalize(u, m, n, q, e);
    accumulateRight(u, n, v, e);
    accumulateLeft(u, m, n, q);
    return diagonalize(u, m, n, q, v, e, EPS * norm);
  }

  /**
   * Householder reflections from the left (columns) and right (rows) leave the diagonal in q and
   * the superdiagonal in e (e[0] = 0), the reflections in u; returns the largest |q[i]| + |e[i]|.
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
      if (s < TOL) {
        g = 0;
      } else {
        double f = u[i * n + i];
        g = f < 0 ? Math.sqrt(s) : -Math.sqrt(s);
        double h = f * g - s;
        u[i * n + i] = f - g;
        for (int j = l; j < n; j++) {
          double t = 0;
          for (int k = i; k < m; k++) {
            t += u[k * n + i] * u[k * n + j];
          }
          double scale = t / h;
          for (int k = i; k < m; k++) {
            u[k * n + j] += scale * u[k * n + i];
          }
        }
      }
      q[i] = g;
      s = 0;
      for (int j = l; j < n; j++) {
        s += u[i * n + j] * u[i * n + j];
      }
      if (s < TOL) {
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
          double t = 0;
          for (int k = l; k < n; k++) {
            t += u[j * n + k] * u[i * n + k];
          }
          for (int k = l; k < n; k++) {
            u[j * n + k] += t * e[k];
          }
        }
      }
      double y = Math.abs(q[i]) + Math.abs(e[i]);
      if (y > x) {
        x = y;
      }
    }
    // The right-hand accumulation starts from the g of the last row, whose reflection is empty.
    assert g == 0;
    return x;
  }

  /** Builds v from the right reflections stored in u's rows. */
  private static void accumulateRight(double[] u, int n, double[] v, double[] e) {
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

  /** QR sweeps on the bidiagonal (q on the diagonal, e above it) until every e[k] vanishes. */
  private static int diagonalize(
      double[] u, int m, int n, double[] q, double[] v, double[] e, double eps) {
    for (int k = n - 1; k >= 0; k--) {
      int sweeps = 0;
      while (true) {
        int l = splitPoint(q, e, k, eps);
        if (l < 0) {
          l = -l - 1;
          cancel(u, m, n, q, e, l, k, eps);
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
        sweep(u, m, n, q, v, e, l, k, z);
      }
    }
    return 0;
  }

  /**
   * The first l (from k down) where e[l] is negligible, or {@code -l - 1} for the first l where q[l
   * - 1] is, so that e[l] must be cancelled. e[0] is always 0, so q[-1] is never read.
   */
  private static int splitPoint(double[] q, double[] e, int k, double eps) {
    for (int l = k; l >= 0; l--) {
      if (Math.abs(e[l]) <= eps) {
        return l;
      }
      if (Math.abs(q[l - 1]) <= eps) {
        return -l - 1;
      }
    }
    throw new AssertionError("e[0] is not zero");
  }

  /** Cancels e[l..k] by Givens rotations against column l - 1 of u, when q[l - 1] is negligible. */
  private static void cancel(
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
      rotate(u, m, n, l1, i, c, s);
    }
  }

  /** One implicitly shifted QR sweep over rows l..k, z = q[k], the shift from the bottom minor. */
  private static void sweep(
      double[] u, int m, int n, double[] q, double[] v, double[] e, int l, int k, double z) {
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
      rotate(v, n, n, i - 1, i, c, s);
      z = Math.sqrt(f * f + h * h);
      q[i - 1] = z;
      if (z != 0) {
        c = f / z;
        s = h / z;
      }
      f = c * g + s * y;
      x = -s * g + c * y;
      rotate(u, m, n, i - 1, i, c, s);
    }
    e[l] = 0;
    e[k] = f;
    q[k] = x;
  }

  /** Rotates columns j and k of the rows x n matrix w by the Givens rotation (c, s), in place. */
  private static void rotate(double[] w, int rows, int n, int j, int k, double c, double s) {
    for (int r = 0; r < rows; r++) {
      double a = w[r * n + j];
      double b = w[r * n + k];
      w[r * n + j] = a * c + b * s;
      w[r * n + k] = -a * s + b * c;
    }
  }
}
