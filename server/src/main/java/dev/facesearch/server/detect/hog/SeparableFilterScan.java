package dev.facesearch.server.detect.hog;

/**
 * One filter over one level's fHOG planes, as dlib 19.24's {@code apply_filters_to_fhog} does it
 * when the filter is separable: for each rank-1 term, in order, the plane is filtered along its
 * rows by the term's row taps into a scratch image, that is filtered down its columns by the column
 * taps, and the result is written (first term) or added (later terms) into the score image.
 *
 * <p>Both passes cover the same columns, {@code [width / 2, cols - (width - 1) / 2)}; the row pass
 * every row, the column pass rows {@code [height / 2, rows - (height - 1) / 2)}, which is the area
 * where the filter fits and the area searched for detections. dlib's loops go 8 columns at a time
 * from the first column while 8 more fit, then one column at a time; the two sum their products in
 * different orders ({@link HogKernel}), so each column is computed the way dlib computes it. The
 * taps are floats and so is every sum.
 */
final class SeparableFilterScan {
  private SeparableFilterScan() {}

  /**
   * Fills {@code score} (at least {@code rows * cols}) over the returned area; {@code scratch} is
   * another buffer of the same size. Returns an empty box when the planes are empty or the filter
   * has no terms.
   */
  static Box apply(
      HogKernel kernel, FhogPlanes planes, HogModel.Filter filter, float[] scratch, float[] score) {
    if (planes.isEmpty() || filter.terms().isEmpty()) {
      return new Box(0, 0, -1, -1);
    }
    int rows = planes.rows();
    int cols = planes.cols();
    boolean first = true;
    Box area = null;
    for (HogModel.Term term : filter.terms()) {
      int width = term.row().length;
      int height = term.column().length;
      int firstCol = width / 2;
      int lastCol = cols - (width - 1) / 2;
      int firstRow = height / 2;
      int lastRow = rows - (height - 1) / 2;
      int simdEnd = firstCol;
      while (simdEnd < lastCol - 7) {
        simdEnd += 8;
      }
      int simdCount = simdEnd - firstCol;
      int base = planes.offset(term.plane());
      float[] in = planes.data();
      for (int r = 0; r < rows; r++) {
        int at = base + r * cols;
        kernel.simdColumns(in, at, 1, term.row(), scratch, r * cols + firstCol, simdCount, false);
        kernel.tailColumns(
            in,
            at + simdCount,
            1,
            term.row(),
            scratch,
            r * cols + simdEnd,
            lastCol - simdEnd,
            false);
      }
      for (int r = firstRow; r < lastRow; r++) {
        int at = (r - firstRow) * cols;
        kernel.simdColumns(
            scratch,
            at + firstCol,
            cols,
            term.column(),
            score,
            r * cols + firstCol,
            simdCount,
            !first);
        kernel.tailColumns(
            scratch,
            at + simdEnd,
            cols,
            term.column(),
            score,
            r * cols + simdEnd,
            lastCol - simdEnd,
            !first);
      }
      first = false;
      area = new Box(firstCol, firstRow, lastCol - 1, lastRow - 1);
    }
    return area;
  }
}
