package dev.facesearch.server.detect;

/** The face detectors the server offers. */
public enum DetectorKind {
  /** face-api's SSD MobileNet v1: the accurate default. */
  SSD_MOBILENET_V1(0.5f, 0.5f),
  /** face-api's tiny face detector: fast, weaker on small and turned faces. */
  TINY_FACE(0.5f, 0.4f),
  /** OpenCV's Haar cascade for frontal faces, the original design's detector. */
  HAAR_CASCADE(0.5f, 0.5f);

  /** The detector of a collection created without one. */
  public static final DetectorKind DEFAULT = SSD_MOBILENET_V1;

  private final float defaultMinScore;
  private final float defaultNmsIou;

  DetectorKind(float defaultMinScore, float defaultNmsIou) {
    this.defaultMinScore = defaultMinScore;
    this.defaultNmsIou = defaultNmsIou;
  }

  public float defaultMinScore() {
    return defaultMinScore;
  }

  public float defaultNmsIou() {
    return defaultNmsIou;
  }
}
