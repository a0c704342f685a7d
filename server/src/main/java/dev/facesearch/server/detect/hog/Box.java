package dev.facesearch.server.detect.hog;

import java.util.function.DoubleUnaryOperator;

/**
 * dlib's {@code rectangle}: inclusive integer edges, empty when {@code left > right} or {@code top
 * > bottom}, with its width, area, intersection and bounding union as dlib defines them.
 */
record Box(int left, int top, int right, int bottom) {
  boolean isEmpty() {
    return top > bottom || left > right;
  }

  long width() {
    return isEmpty() ? 0 : (long) right - left + 1;
  }

  long height() {
    return isEmpty() ? 0 : (long) bottom - top + 1;
  }

  long area() {
    return width() * height();
  }

  Box intersect(Box o) {
    return new Box(
        Math.max(left, o.left),
        Math.max(top, o.top),
        Math.min(right, o.right),
        Math.min(bottom, o.bottom));
  }

  /** The smallest box holding both; an empty box adds nothing. */
  Box union(Box o) {
    if (o.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return o;
    }
    return new Box(
        Math.min(left, o.left),
        Math.min(top, o.top),
        Math.max(right, o.right),
        Math.max(bottom, o.bottom));
  }

  /** {left, top, right, bottom} as doubles, dlib's {@code drectangle}. */
  double[] corners() {
    return new double[] {left, top, right, bottom};
  }

  /**
   * Maps x edges and y edges in double, then rounds each as dlib converts drectangle to rectangle.
   */
  Box map(DoubleUnaryOperator x, DoubleUnaryOperator y) {
    return rounded(
        new double[] {
          x.applyAsDouble(left),
          y.applyAsDouble(top),
          x.applyAsDouble(right),
          y.applyAsDouble(bottom)
        });
  }

  /** {@code (long) floor(v + 0.5)} of each corner. */
  static Box rounded(double[] c) {
    return new Box(round(c[0]), round(c[1]), round(c[2]), round(c[3]));
  }

  private static int round(double v) {
    return Math.toIntExact((long) Math.floor(v + 0.5));
  }
}
