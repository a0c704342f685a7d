package dev.facesearch.bench.search;

/**
 * The n nearest of the faces offered to it, by ascending distance: a sorted array with insertion,
 * the cheapest structure for the small n (10) of a recall measurement.
 */
final class NearestN {
  private final int[] faces;
  private final float[] distances;
  private int size;

  NearestN(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be positive: " + n);
    }
    faces = new int[n];
    distances = new float[n];
  }

  void offer(int face, float distance) {
    if (size == faces.length && distance >= distances[size - 1]) {
      return;
    }
    int i = size == faces.length ? size - 1 : size++;
    for (; i > 0 && distances[i - 1] > distance; i--) {
      faces[i] = faces[i - 1];
      distances[i] = distances[i - 1];
    }
    faces[i] = face;
    distances[i] = distance;
  }

  /** The faces kept, nearest first. */
  int[] faces() {
    return java.util.Arrays.copyOf(faces, size);
  }
}
