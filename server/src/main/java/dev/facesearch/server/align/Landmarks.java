package dev.facesearch.server.align;

/** Checks and picks from 68-point landmark arrays (x0, y0, ..., x67, y67). */
final class Landmarks {
  static final int COUNT = 68;

  private Landmarks() {}

  /** The array itself, if it holds 68 finite (x, y) pairs. */
  static float[] check(float[] landmarks) {
    if (landmarks.length != 2 * COUNT) {
      throw new IllegalArgumentException(
          "expected 68 landmarks (136 values), got " + landmarks.length + " values");
    }
    for (float value : landmarks) {
      if (!Float.isFinite(value)) {
        throw new IllegalArgumentException("landmarks must be finite, got " + value);
      }
    }
    return landmarks;
  }

  /** The given points, in that order, as interleaved doubles. */
  static double[] pick(float[] landmarks, int... indices) {
    double[] points = new double[2 * indices.length];
    for (int i = 0; i < indices.length; i++) {
      points[2 * i] = landmarks[2 * indices[i]];
      points[2 * i + 1] = landmarks[2 * indices[i] + 1];
    }
    return points;
  }
}
