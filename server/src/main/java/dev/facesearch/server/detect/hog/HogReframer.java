package dev.facesearch.server.detect.hog;

import dev.facesearch.server.detect.Detection;
import dev.facesearch.server.image.RgbImage;
import java.util.Objects;

/**
 * Finds the box dlib's HOG detector draws around a face that another detector found, so that dlib's
 * shape predictor, trained on HOG boxes, sees the framing it expects.
 *
 * <p>Where HOG missed the face in the whole image, it is usually too small (under 80 pixels), too
 * tight in the frame for HOG's window and its margin, or turned. So the face's neighbourhood is
 * resampled into a square of {@link #CROP} pixels in which the face is about {@link #FACE} pixels
 * wide, with edge pixels repeated beyond the image, and HOG runs on it with a lowered threshold;
 * the detection nearest the guess, of about the expected size, is mapped back into the image. A HOG
 * box is a whole number of cells, so a face resampled this way gets a box within a few pixels of
 * the one dlib would draw at its own scale.
 */
public final class HogReframer {
  /** The face's side in the crop: well inside HOG's range at its first pyramid levels. */
  static final double FACE = 110;

  /** The crop's side: the face with its margin, as HOG's window needs. */
  static final int CROP = 242;

  /** Lowered from dlib's 0: a face is known to be here. */
  static final double ADJUST_THRESHOLD = -0.5;

  private final HogFaceDetector detector;

  public HogReframer(HogFaceDetector detector) {
    this.detector = Objects.requireNonNull(detector, "detector");
  }

  /**
   * dlib's box for the face, or null when HOG does not see it.
   *
   * @param guess the face's box, already moved onto dlib's framing as far as a fixed mapping can
   */
  public Detection reframe(RgbImage image, Detection guess) {
    double side = Math.sqrt((double) guess.width() * guess.height());
    if (!(side > 1)) {
      return null;
    }
    double scale = FACE / side;
    double left = guess.x() + guess.width() / 2.0 - CROP / 2.0 / scale;
    double top = guess.y() + guess.height() / 2.0 - CROP / 2.0 / scale;
    RgbImage crop = BilinearCrop.of(image, left, top, scale, CROP);
    HogDetection best = null;
    double nearest = 0.3 * FACE;
    for (HogDetection d : detector.detect(crop, 0, ADJUST_THRESHOLD)) {
      double offset =
          Math.hypot(
              (d.left() + d.right() + 1) / 2.0 - CROP / 2.0,
              (d.top() + d.bottom() + 1) / 2.0 - CROP / 2.0);
      boolean sized = d.width() > 0.6 * FACE && d.width() < 1.6 * FACE;
      if (sized && offset < nearest) {
        nearest = offset;
        best = d;
      }
    }
    if (best == null) {
      return null;
    }
    return new Detection(
        guess.score(),
        (float) (left + best.left() / scale),
        (float) (top + best.top() / scale),
        (float) (best.width() / scale),
        (float) (best.height() / scale));
  }
}
