package dev.facesearch.server.detect;

/**
 * How each detector frames a face, relative to dlib's HOG detector: a landmark model expects the
 * boxes it was trained on (dlib's shape predictor, dlib's HOG boxes; face-api's net, SSD's), so a
 * box from another detector is moved onto the expected framing first.
 *
 * <p>A framing is a shift of the centre and a scale of each side: dlib's box has centre {@code (cx
 * + dx * w, cy + dy * h)} and sides {@code (sx * w, sy * h)} for a box of centre {@code (cx, cy)}
 * and sides {@code (w, h)}. The factors are medians over the faces that both detectors find in the
 * shared photos and their grayscale copies (their boxes overlapping by IoU at least 0.3), against
 * dlib's boxes at upsampling 1: 415 faces for SSD, 366 for the tiny detector, 404 for the Haar
 * cascade. SSD's boxes are taller than dlib's square ones and sit higher; the tiny detector's are
 * larger and lower.
 */
public final class FaceFraming {
  private FaceFraming() {}

  private record Factors(double dx, double dy, double sx, double sy) {}

  private static Factors of(DetectorKind detector) {
    return switch (detector) {
      case DLIB_HOG -> new Factors(0, 0, 1, 1);
      case SSD_MOBILENET_V1 -> new Factors(-0.0190, 0.0476, 1.1255, 0.8220);
      case TINY_FACE -> new Factors(-0.0045, -0.0729, 0.8415, 0.8734);
      case HAAR_CASCADE -> new Factors(-0.0216, 0.0721, 0.9138, 0.9076);
    };
  }

  /** A box of one detector, framed as another detector would frame the same face. */
  public static Detection reframe(Detection box, DetectorKind from, DetectorKind to) {
    if (from == to) {
      return box;
    }
    Factors a = of(from);
    double width = box.width() * a.sx;
    double height = box.height() * a.sy;
    double cx = box.x() + box.width() / 2.0 + a.dx * box.width();
    double cy = box.y() + box.height() / 2.0 + a.dy * box.height();
    Factors b = of(to);
    double toWidth = width / b.sx;
    double toHeight = height / b.sy;
    cx -= b.dx * toWidth;
    cy -= b.dy * toHeight;
    return new Detection(
        box.score(),
        (float) (cx - toWidth / 2),
        (float) (cy - toHeight / 2),
        (float) toWidth,
        (float) toHeight);
  }
}
