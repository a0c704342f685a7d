package dev.facesearch.server.detect.hog;

/**
 * The 31 fHOG feature planes of one pyramid level, each {@code rows x cols} floats row by row, one
 * plane after another: the cells of the image surrounded by the zero border dlib adds so that a
 * filter can be centred on every cell.
 *
 * @param rows plane height (cells plus the filter's padding), 0 when the image was too small
 * @param cols plane width
 * @param data {@code 31 * rows * cols} values
 */
record FhogPlanes(int rows, int cols, float[] data) {
  static final int PLANES = 31;

  FhogPlanes {
    if ((long) PLANES * rows * cols != data.length) {
      throw new IllegalArgumentException(rows + "x" + cols + " planes cannot hold " + data.length);
    }
  }

  static FhogPlanes empty() {
    return new FhogPlanes(0, 0, new float[0]);
  }

  boolean isEmpty() {
    return rows == 0 || cols == 0;
  }

  /** The offset of plane {@code p}'s first value. */
  int offset(int p) {
    return p * rows * cols;
  }

  float at(int plane, int row, int col) {
    return data[offset(plane) + row * cols + col];
  }
}
