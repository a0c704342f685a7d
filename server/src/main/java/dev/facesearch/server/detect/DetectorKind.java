package dev.facesearch.server.detect;

/** The face detectors the server offers. */
public enum DetectorKind {
  /** face-api's SSD MobileNet v1: a CNN that also finds turned, small and tightly cropped faces. */
  SSD_MOBILENET_V1(0.5f, 0.5f),
  /** face-api's tiny face detector: fast, weaker on small and turned faces. */
  TINY_FACE(0.5f, 0.4f),
  /** OpenCV's Haar cascade for frontal faces. */
  HAAR_CASCADE(0.5f, 0.5f),
  /**
   * dlib's HOG + linear SVM frontal face detector, the design's own; its score is the logistic of
   * dlib's confidence, so 0.5 is dlib's threshold, and it keeps dlib's own overlap rule.
   */
  DLIB_HOG(0.5f, 0.5f);

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
