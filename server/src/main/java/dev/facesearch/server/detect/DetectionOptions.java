package dev.facesearch.server.detect;

/**
 * How a detector decides which boxes are faces.
 *
 * @param minScore boxes scoring at or below this are dropped
 * @param iouThreshold of two boxes overlapping more than this (intersection over union), the
 *     lower-scoring one is dropped
 * @param maxFaces most faces returned, best first
 * @param inputSize side of the square the image is resized to, for detectors whose input size is
 *     free (a multiple of 32); detectors with a fixed size ignore it
 * @param upsample how many times dlib's HOG detector doubles the image first; others ignore it
 */
public record DetectionOptions(
    float minScore, float iouThreshold, int maxFaces, int inputSize, int upsample) {
  /** The most doublings: each costs about four times the time of the one before. */
  public static final int MAX_UPSAMPLE = 2;

  /** face-api's defaults for SSD MobileNet v1: score > 0.5, IoU 0.5, 100 faces. */
  public static DetectionOptions ssdDefaults() {
    return new DetectionOptions(0.5f, 0.5f, 100, 512, 0);
  }

  /** face-api's defaults for the tiny face detector: score > 0.5, IoU 0.4, input 416. */
  public static DetectionOptions tinyDefaults() {
    return new DetectionOptions(0.5f, 0.4f, 100, 416, 0);
  }

  /** Options without upsampling. */
  public DetectionOptions(float minScore, float iouThreshold, int maxFaces, int inputSize) {
    this(minScore, iouThreshold, maxFaces, inputSize, 0);
  }

  public DetectionOptions {
    if (!(minScore >= 0 && minScore < 1)) {
      throw new IllegalArgumentException("min score must be in [0, 1): " + minScore);
    }
    if (!(iouThreshold > 0 && iouThreshold <= 1)) {
      throw new IllegalArgumentException("IoU threshold must be in (0, 1]: " + iouThreshold);
    }
    if (maxFaces < 1) {
      throw new IllegalArgumentException("max faces must be positive: " + maxFaces);
    }
    if (inputSize < 32 || inputSize % 32 != 0) {
      throw new IllegalArgumentException(
          "input size must be a positive multiple of 32: " + inputSize);
    }
    if (upsample < 0 || upsample > MAX_UPSAMPLE) {
      throw new IllegalArgumentException(
          "upsample must be in [0, " + MAX_UPSAMPLE + "]: " + upsample);
    }
  }

  /** These options with another most faces. */
  public DetectionOptions withMaxFaces(int most) {
    return new DetectionOptions(minScore, iouThreshold, most, inputSize, upsample);
  }
}
