package dev.facesearch.models.dlib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One fHOG filter split into the rank-1 terms dlib 19.24 convolves with ({@code
 * scan_fhog_pyramid::build_fhog_filterbank}), which dlib recomputes each time a detector is loaded.
 *
 * <p>Plane by plane, the filter's height x width block of doubles (row by row in the weight vector)
 * is decomposed by {@link GolubReinschSvd}; the columns of u and v are ordered by singular value,
 * largest first; singular values below {@code max(1e-4, 0.001 * largest)} are dropped; each
 * remaining value s gives a column filter {@code float(u_j * sqrt(s))} (height taps, applied down
 * the columns) and a row filter {@code float(v_j * sqrt(s))} (width taps, along the rows). Only the
 * kept values matter, and they are distinct in practice, so the order among the dropped ones, which
 * dlib's unstable sort leaves open, is irrelevant.
 */
final class SeparableFilters {
  /** One rank-1 term: the plane it filters, its row (horizontal) and column (vertical) taps. */
  record Term(int plane, float[] row, float[] column) {}

  private SeparableFilters() {}

  /**
   * The terms of one filter, plane by plane and largest singular value first: the order in which
   * dlib adds them into the detection score.
   *
   * @param weights the filter, {@code planes * height * width} values, plane after plane
   */
  static List<Term> decompose(double[] weights, int planes, int height, int width) {
    if (weights.length < (long) planes * height * width) {
      throw new IllegalArgumentException(
          "need " + planes * height * width + " weights, got " + weights.length);
    }
    List<Term> terms = new ArrayList<>();
    for (int p = 0; p < planes; p++) {
      int start = p * height * width;
      double[] block = Arrays.copyOfRange(weights, start, start + height * width);
      terms.addAll(planeTerms(p, block, height, width));
    }
    return List.copyOf(terms);
  }

  private static List<Term> planeTerms(int plane, double[] block, int height, int width) {
    double[] u = new double[height * width];
    double[] w = new double[width];
    double[] v = new double[width * width];
    // dlib ignores the convergence code here too.
    GolubReinschSvd.decompose(block, height, width, u, w, v, new double[width]);
    Integer[] order = new Integer[width];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble((Integer j) -> w[j]).reversed());
    double largest = Arrays.stream(w).max().orElseThrow();
    double threshold = Math.max(1e-4, largest * 0.001);
    List<Term> terms = new ArrayList<>();
    for (int j : order) {
      double s = w[j];
      if (!(s >= threshold || s <= -threshold)) {
        continue;
      }
      double root = Math.sqrt(s);
      float[] column = new float[height];
      for (int r = 0; r < height; r++) {
        column[r] = (float) (u[r * width + j] * root);
      }
      float[] row = new float[width];
      for (int c = 0; c < width; c++) {
        row[c] = (float) (v[c * width + j] * root);
      }
      terms.add(new Term(plane, row, column));
    }
    return terms;
  }
}
