package dev.facesearch.server.evaluate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Matches detections to labelled faces one to one, greedily, best IoU first, as detection
 * benchmarks count hits, misses and false positives.
 *
 * <p>Faces marked ignore take no part in the matching: an ignored face missed is no miss, and a
 * detection left unmatched that overlaps an ignored face enough is no false positive (dlib's own
 * evaluation treats them the same way).
 */
final class BoxMatcher {
  private BoxMatcher() {}

  /** A labelled face and the detection matched to it. */
  record Match(int face, int detection, double iou) {}

  /**
   * What matching found in one image.
   *
   * @param matches the pairs, best IoU first
   * @param faces labelled faces that count (not ignored)
   * @param falsePositives detections matched to no face and overlapping no ignored face
   */
  record Outcome(List<Match> matches, int faces, int falsePositives) {
    int found() {
      return matches.size();
    }

    int misses() {
      return faces - matches.size();
    }
  }

  static Outcome match(List<ImglabDataset.Face> faces, List<Box> detections, double minIou) {
    List<Match> candidates = new ArrayList<>();
    int counted = 0;
    for (int f = 0; f < faces.size(); f++) {
      if (faces.get(f).ignore()) {
        continue;
      }
      counted++;
      for (int d = 0; d < detections.size(); d++) {
        double iou = faces.get(f).box().iou(detections.get(d));
        if (iou >= minIou) {
          candidates.add(new Match(f, d, iou));
        }
      }
    }
    candidates.sort(Comparator.comparingDouble(Match::iou).reversed());
    boolean[] faceTaken = new boolean[faces.size()];
    boolean[] detectionTaken = new boolean[detections.size()];
    List<Match> matches = new ArrayList<>();
    for (Match candidate : candidates) {
      if (!faceTaken[candidate.face()] && !detectionTaken[candidate.detection()]) {
        faceTaken[candidate.face()] = true;
        detectionTaken[candidate.detection()] = true;
        matches.add(candidate);
      }
    }
    int falsePositives = 0;
    for (int d = 0; d < detections.size(); d++) {
      if (!detectionTaken[d] && !overlapsIgnored(faces, detections.get(d), minIou)) {
        falsePositives++;
      }
    }
    return new Outcome(List.copyOf(matches), counted, falsePositives);
  }

  private static boolean overlapsIgnored(
      List<ImglabDataset.Face> faces, Box detection, double minIou) {
    return faces.stream().anyMatch(f -> f.ignore() && f.box().iou(detection) >= minIou);
  }
}
