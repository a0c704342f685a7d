package dev.facesearch.server.align;

/**
 * A plane affine map {@code x' = a x + b y + c, y' = d x + e y + f}: how an aligner places image
 * points in its chip, or chip pixels in the image.
 */
public record Affine(double a, double b, double c, double d, double e, double f) {

  /** The image of (x, y), first coordinate. */
  public double x(double x, double y) {
    return a * x + b * y + c;
  }

  /** The image of (x, y), second coordinate. */
  public double y(double x, double y) {
    return d * x + e * y + f;
  }

  /** Maps interleaved points (x0, y0, x1, y1, ...) to a new array. */
  public float[] apply(float[] points) {
    if (points.length % 2 != 0) {
      throw new IllegalArgumentException("points come in (x, y) pairs, got " + points.length);
    }
    float[] out = new float[points.length];
    for (int i = 0; i < points.length; i += 2) {
      out[i] = (float) x(points[i], points[i + 1]);
      out[i + 1] = (float) y(points[i], points[i + 1]);
    }
    return out;
  }

  /** The 2x2 part's determinant: the factor by which areas grow. */
  public double determinant() {
    return a * e - b * d;
  }

  /** The map back; throws if this one squashes the plane to a line. */
  public Affine inverse() {
    double det = determinant();
    if (!(Math.abs(det) > 0) || !Double.isFinite(det)) {
      throw new IllegalArgumentException("the map is not invertible: " + this);
    }
    double ia = e / det;
    double ib = -b / det;
    double id = -d / det;
    double ie = a / det;
    return new Affine(ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f));
  }

  /** The six values as OpenCV's 2x3 matrix, row by row. */
  public double[] toMatrix() {
    return new double[] {a, b, c, d, e, f};
  }

  /**
   * The affine map taking three points exactly onto three others, as OpenCV's {@code
   * getAffineTransform}.
   *
   * @param from x0, y0, x1, y1, x2, y2
   * @param to where those three go, same layout
   */
  public static Affine through(double[] from, double[] to) {
    if (from.length != 6 || to.length != 6) {
      throw new IllegalArgumentException(
          "three points each, got " + from.length + " and " + to.length + " values");
    }
    // Relative to the first point the linear part solves two 2x2 systems with one matrix.
    double ux = from[2] - from[0];
    double uy = from[3] - from[1];
    double vx = from[4] - from[0];
    double vy = from[5] - from[1];
    double det = ux * vy - uy * vx;
    if (!(Math.abs(det) > 1e-12 * (ux * ux + uy * uy + vx * vx + vy * vy))
        || !Double.isFinite(det)) {
      throw new IllegalArgumentException("the three source points are collinear");
    }
    double[] rows = new double[6];
    for (int k = 0; k < 2; k++) {
      double du = to[2 + k] - to[k];
      double dv = to[4 + k] - to[k];
      double p = (du * vy - dv * uy) / det;
      double q = (dv * ux - du * vx) / det;
      rows[3 * k] = p;
      rows[3 * k + 1] = q;
      rows[3 * k + 2] = to[k] - p * from[0] - q * from[1];
    }
    return new Affine(rows[0], rows[1], rows[2], rows[3], rows[4], rows[5]);
  }

  /**
   * The similarity (rotation, uniform scale, translation; no reflection) that best maps points onto
   * others in the least-squares sense, as dlib's {@code find_similarity_transform}.
   *
   * <p>dlib follows Umeyama (1991) with an SVD of the cross-covariance; in the plane, with
   * reflections excluded, that optimum has the closed form used here: the rotation and scale come
   * from the part of the covariance that commutes with rotations, {@code (cov00 + cov11, cov10 -
   * cov01) / variance(from)}.
   *
   * @param from x0, y0, x1, y1, ...
   * @param to where those points should go, same layout
   */
  public static Affine similarity(double[] from, double[] to) {
    if (from.length != to.length || from.length < 4 || from.length % 2 != 0) {
      throw new IllegalArgumentException(
          "need two or more point pairs, got " + from.length + " and " + to.length + " values");
    }
    int n = from.length / 2;
    double fromX = 0;
    double fromY = 0;
    double toX = 0;
    double toY = 0;
    for (int i = 0; i < from.length; i += 2) {
      fromX += from[i];
      fromY += from[i + 1];
      toX += to[i];
      toY += to[i + 1];
    }
    fromX /= n;
    fromY /= n;
    toX /= n;
    toY /= n;
    double variance = 0;
    double dot = 0;
    double cross = 0;
    for (int i = 0; i < from.length; i += 2) {
      double ax = from[i] - fromX;
      double ay = from[i + 1] - fromY;
      double bx = to[i] - toX;
      double by = to[i + 1] - toY;
      variance += ax * ax + ay * ay;
      dot += ax * bx + ay * by;
      cross += ax * by - ay * bx;
    }
    if (!(variance > 0)) {
      throw new IllegalArgumentException("the source points all coincide");
    }
    double cos = dot / variance;
    double sin = cross / variance;
    return new Affine(
        cos, -sin, toX - (cos * fromX - sin * fromY), sin, cos, toY - (sin * fromX + cos * fromY));
  }
}
