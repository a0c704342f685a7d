package dev.facesearch.server.detect.hog;

/**
 * A face found by {@link HogFaceDetector}, as dlib reports it: the box in pixels of the image given
 * to the detector, the score and which of the detector's filters found it.
 *
 * @param left the box's first column
 * @param top its first row
 * @param right its last column (inclusive, as dlib's rectangles are; may lie outside the image)
 * @param bottom its last row (inclusive)
 * @param score dlib's detection confidence: the filter's response minus its threshold
 * @param filterIndex dlib's weight index: which filter (0 to 4 for the frontal face detector;
 *     roughly front, left, right, front rotated left, front rotated right)
 */
public record HogDetection(
    int left, int top, int right, int bottom, double score, int filterIndex) {
  /** The box's width in pixels, {@code right - left + 1}. */
  public int width() {
    return right - left + 1;
  }

  /** The box's height in pixels, {@code bottom - top + 1}. */
  public int height() {
    return bottom - top + 1;
  }
}
