package dev.facesearch.server.detect;

import dev.facesearch.server.image.RgbImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a primary detector's sure detections, and its unsure ones only where a second, independent
 * detector also sees a face.
 *
 * <p>Why: SSD MobileNet v1 reports some animal faces with scores (0.79, 0.84 on the dogs of dlib's
 * examples) that real faces also get (0.58 for the main face of an LFW photo, 0.73 for a small face
 * in a crowd), so no threshold separates them. The tiny detector, trained differently, does not see
 * those dog faces but does see the unsure human ones. The second detector runs only when some
 * detection is unsure.
 */
public final class ConfirmedDetector implements FaceDetector {
  /** Detections scoring at or above this need no confirmation. */
  static final float SURE = 0.9f;

  /** Overlap with a confirming box that counts as the same face. */
  static final double SAME_FACE_IOU = 0.3;

  private final FaceDetector primary;
  private final FaceDetector confirmer;
  private final DetectionOptions confirmerOptions;

  /**
   * @param confirmerOptions how the second detector runs (its own score threshold, input size)
   */
  public ConfirmedDetector(
      FaceDetector primary, FaceDetector confirmer, DetectionOptions confirmerOptions) {
    this.primary = primary;
    this.confirmer = confirmer;
    this.confirmerOptions = confirmerOptions;
  }

  @Override
  public List<Detection> detect(RgbImage image, DetectionOptions options) {
    List<Detection> found = primary.detect(image, options);
    if (found.stream().allMatch(d -> d.score() >= SURE)) {
      return found;
    }
    List<Detection> confirming = confirmer.detect(image, confirmerOptions);
    List<Detection> kept = new ArrayList<>(found.size());
    for (Detection d : found) {
      if (d.score() >= SURE || confirming.stream().anyMatch(c -> iou(c, d) >= SAME_FACE_IOU)) {
        kept.add(d);
      }
    }
    return kept;
  }

  private static double iou(Detection a, Detection b) {
    return NonMaxSuppression.iou(corners(a), corners(b));
  }

  private static float[] corners(Detection d) {
    return new float[] {d.x(), d.y(), d.x() + d.width(), d.y() + d.height()};
  }

  @Override
  public void close() {
    primary.close();
  }
}
