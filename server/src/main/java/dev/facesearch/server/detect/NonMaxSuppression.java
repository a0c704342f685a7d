package dev.facesearch.server.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Greedy non-maximum suppression: keep the best-scoring box, drop the boxes that overlap it by more
 * than a threshold, repeat. Candidates of equal score keep their index order.
 */
final class NonMaxSuppression {
  private NonMaxSuppression() {}

  /**
   * The indices of the boxes kept, best first.
   *
   * @param boxes each {left, top, right, bottom}, in any one unit
   * @param scores one per box
   * @param minScore boxes scoring at or below this are not candidates
   * @param iouThreshold a box overlapping a kept box by more than this is dropped
   * @param limit most boxes kept
   */
  static List<Integer> select(
      float[][] boxes, float[] scores, float minScore, float iouThreshold, int limit) {
    List<Integer> candidates =
        IntStream.range(0, scores.length)
            .filter(i -> scores[i] > minScore)
            .boxed()
            .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]))
            .toList();
    List<Integer> kept = new ArrayList<>();
    for (int candidate : candidates) {
      if (kept.size() == limit) {
        break;
      }
      boolean overlaps = false;
      for (int k : kept) {
        if (iou(boxes[candidate], boxes[k]) > iouThreshold) {
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

  /** Intersection over union; 0 when either box is empty. Corners may come in either order. */
  static double iou(float[] a, float[] b) {
    double aLeft = Math.min(a[0], a[2]);
    double aRight = Math.max(a[0], a[2]);
    double aTop = Math.min(a[1], a[3]);
    double aBottom = Math.max(a[1], a[3]);
    double bLeft = Math.min(b[0], b[2]);
    double bRight = Math.max(b[0], b[2]);
    double bTop = Math.min(b[1], b[3]);
    double bBottom = Math.max(b[1], b[3]);
    double areaA = (aRight - aLeft) * (aBottom - aTop);
    double areaB = (bRight - bLeft) * (bBottom - bTop);
    if (areaA <= 0 || areaB <= 0) {
      return 0;
    }
    double intersection =
        Math.max(0, Math.min(aRight, bRight) - Math.max(aLeft, bLeft))
            * Math.max(0, Math.min(aBottom, bBottom) - Math.max(aTop, bTop));
    return intersection / (areaA + areaB - intersection);
  }
}
