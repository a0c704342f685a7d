package dev.facesearch.server.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The evaluation's box arithmetic and one-to-one matching, on hand-made boxes. */
class BoxMatcherTest {
  private static ImglabDataset.Face face(double left, double top, double side, boolean ignore) {
    return new ImglabDataset.Face(new Box(left, top, side, side), ignore, new float[0]);
  }

  @Test
  void iou_ofShiftedAndDisjointBoxes() {
    Box box = new Box(0, 0, 10, 10);
    assertEquals(1, box.iou(box), 1e-12);
    assertEquals(50.0 / 150, box.iou(new Box(5, 0, 10, 10)), 1e-12);
    assertEquals(0, box.iou(new Box(10, 0, 10, 10)), 1e-12);
    assertEquals(0, box.iou(new Box(3, 3, 0, 0)), 1e-12);
  }

  @Test
  void match_oneDetectionBetweenTwoFaces_goesToTheBetterOverlapAndTheOtherFaceIsMissed() {
    List<ImglabDataset.Face> faces = List.of(face(0, 0, 10, false), face(4, 0, 10, false));
    List<Box> detections = List.of(new Box(3, 0, 10, 10));
    BoxMatcher.Outcome outcome = BoxMatcher.match(faces, detections, 0.4);
    assertEquals(1, outcome.found());
    assertEquals(1, outcome.matches().get(0).face());
    assertEquals(1, outcome.misses());
    assertEquals(0, outcome.falsePositives());
  }

  @Test
  void match_greedyBestFirst_notTheFirstFaceFirst() {
    // Face 0 overlaps both detections; detection 0 fits face 1 best, so face 0 gets detection 1.
    List<ImglabDataset.Face> faces = List.of(face(2, 0, 10, false), face(0, 0, 10, false));
    List<Box> detections = List.of(new Box(0, 0, 10, 10), new Box(3, 0, 10, 10));
    BoxMatcher.Outcome outcome = BoxMatcher.match(faces, detections, 0.4);
    assertEquals(2, outcome.found());
    assertEquals(0, outcome.falsePositives());
    assertEquals(1, outcome.matches().get(0).face());
    assertEquals(0, outcome.matches().get(0).detection());
  }

  @Test
  void match_duplicateDetectionOfOneFace_isAFalsePositive() {
    List<ImglabDataset.Face> faces = List.of(face(0, 0, 10, false));
    List<Box> detections = List.of(new Box(0, 0, 10, 10), new Box(1, 1, 10, 10));
    BoxMatcher.Outcome outcome = BoxMatcher.match(faces, detections, 0.4);
    assertEquals(1, outcome.found());
    assertEquals(1, outcome.falsePositives());
  }

  @Test
  void match_ignoredFaces_areNeitherMissesNorSourcesOfFalsePositives() {
    List<ImglabDataset.Face> faces =
        List.of(face(0, 0, 10, false), face(50, 50, 10, true), face(100, 0, 10, true));
    List<Box> detections =
        List.of(new Box(0, 0, 10, 10), new Box(51, 50, 10, 10), new Box(200, 200, 10, 10));
    BoxMatcher.Outcome outcome = BoxMatcher.match(faces, detections, 0.4);
    assertEquals(1, outcome.faces());
    assertEquals(1, outcome.found());
    assertEquals(0, outcome.misses());
    assertEquals(1, outcome.falsePositives());
  }

  @Test
  void match_belowTheIouThreshold_isAMissAndAFalsePositive() {
    List<ImglabDataset.Face> faces = List.of(face(0, 0, 10, false));
    List<Box> detections = List.of(new Box(6, 0, 10, 10));
    BoxMatcher.Outcome outcome = BoxMatcher.match(faces, detections, 0.4);
    assertEquals(0, outcome.found());
    assertEquals(1, outcome.misses());
    assertEquals(1, outcome.falsePositives());
  }
}
