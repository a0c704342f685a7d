package dev.facesearch.server.detect.hog;

import java.util.ArrayList;
import java.util.List;

/**
 * dlib's non-max suppression for {@code object_detector}: candidates are taken best first and one
 * is kept unless it overlaps a box already kept, by {@code test_box_overlap}: the intersection is
 * not empty and either IoU, or the intersection's share of either box, is above its threshold (the
 * thresholds are stored in the detector: 0.33 and 0.79 for the frontal face detector). Areas are
 * dlib's: inclusive pixels, the union being the bounding box of the two.
 */
final class OverlapSuppression {
  private final double iouThreshold;
  private final double coveredThreshold;

  OverlapSuppression(double iouThreshold, double coveredThreshold) {
    this.iouThreshold = iouThreshold;
    this.coveredThreshold = coveredThreshold;
  }

  /** dlib's {@code test_box_overlap(a, b)}. */
  boolean overlaps(Box a, Box b) {
    double inner = a.intersect(b).area();
    if (inner == 0) {
      return false;
    }
    double outer = a.union(b).area();
    return inner / outer > iouThreshold
        || inner / a.area() > coveredThreshold
        || inner / b.area() > coveredThreshold;
  }

  /** Keeps, in order, each candidate that overlaps no kept one (candidates sorted best first). */
  <T> List<T> select(List<T> candidates, java.util.function.Function<T, Box> box) {
    List<T> kept = new ArrayList<>();
    for (T candidate : candidates) {
      Box b = box.apply(candidate);
      boolean overlaps = false;
      for (T k : kept) {
        if (overlaps(box.apply(k), b)) {
          overlaps = true;
          break;
        }
      }
      if (!overlaps) {
        kept.add(candidate);
      }
    }
    return kept;
  }
}
