package dev.facesearch.server.detect.hog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** dlib's test_box_overlap rules and the greedy selection. */
class OverlapSuppressionTest {
  private final OverlapSuppression frontal = new OverlapSuppression(0.330082, 0.788571);

  @Test
  void overlaps_disjointOrTouchingCorners() {
    assertFalse(frontal.overlaps(new Box(0, 0, 9, 9), new Box(10, 0, 19, 9)));
    // One shared pixel: IoU 1/361 (the bounding box is 19x19), covered 1/100: not enough.
    assertFalse(frontal.overlaps(new Box(0, 0, 9, 9), new Box(9, 9, 18, 18)));
  }

  @Test
  void overlaps_iouAboveTheThreshold() {
    // 10x10 boxes shifted by 5: intersection 50, union's bounding box 15x10 = 150: IoU 1/3.
    assertTrue(frontal.overlaps(new Box(0, 0, 9, 9), new Box(5, 0, 14, 9)));
    // Shifted by 6: intersection 40, bounding box 160: IoU 0.25, covered 0.4.
    assertFalse(frontal.overlaps(new Box(0, 0, 9, 9), new Box(6, 0, 15, 9)));
  }

  @Test
  void overlaps_aSmallBoxInsideABigOne_isCovered() {
    // IoU 100/1600 is small, but the small box is covered entirely (1.0 > 0.79).
    assertTrue(frontal.overlaps(new Box(0, 0, 39, 39), new Box(10, 10, 19, 19)));
    assertTrue(frontal.overlaps(new Box(10, 10, 19, 19), new Box(0, 0, 39, 39)));
  }

  @Test
  void overlaps_unionIsTheBoundingBoxNotTheSetUnion() {
    // Diagonal overlap 5x5 = 25 of two 10x10 boxes: set union 175 (IoU 0.143), bounding box 225
    // (IoU 0.111); either way under 0.33, so not overlapping.
    assertFalse(frontal.overlaps(new Box(0, 0, 9, 9), new Box(5, 5, 14, 14)));
    OverlapSuppression strict = new OverlapSuppression(0.12, 1);
    // 0.111 (bounding box) is not above 0.12, though 0.143 (set union) would be.
    assertFalse(strict.overlaps(new Box(0, 0, 9, 9), new Box(5, 5, 14, 14)));
  }

  @Test
  void select_keepsTheFirstOfOverlappingCandidates() {
    List<Box> candidates =
        List.of(
            new Box(0, 0, 9, 9),
            new Box(1, 1, 10, 10),
            new Box(50, 50, 59, 59),
            new Box(2, 0, 11, 9));
    assertEquals(
        List.of(new Box(0, 0, 9, 9), new Box(50, 50, 59, 59)),
        frontal.select(candidates, Function.identity()));
  }
}
