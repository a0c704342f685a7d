package dev.facesearch.server.detect;

import dev.facesearch.server.core.InvalidInputException;

/**
 * Detection settings as a caller or a collection gives them: any field may be unset (null), and a
 * layer of settings falls back on the one below it: request, then collection, then the detector's
 * defaults ({@link #resolve}).
 *
 * @param detector which detector, or null
 * @param minScore boxes scoring at or below this are dropped, or null
 * @param minFaceSize faces smaller than this on their shorter side are dropped, or null
 * @param maxFaces most faces kept, largest first, or null
 * @param nmsIou overlap above which the lower-scoring box is dropped, or null
 * @param inputSize the tiny detector's input side, or null
 */
public record DetectionSettings(
    DetectorKind detector,
    Float minScore,
    Integer minFaceSize,
    Integer maxFaces,
    Float nmsIou,
    Integer inputSize) {

  public static final int DEFAULT_MIN_FACE_SIZE = 20;
  public static final int DEFAULT_MAX_FACES = 100;
  public static final int MAX_FACES = 1000;
  public static final int DEFAULT_INPUT_SIZE = 416;

  /** No setting: everything falls through. */
  public static final DetectionSettings NONE =
      new DetectionSettings(null, null, null, null, null, null);

  /** Checks every set field's range. */
  public DetectionSettings {
    if (minScore != null && !(minScore >= 0 && minScore < 1)) {
      throw new InvalidInputException("detection.min_score must be in [0, 1), got " + minScore);
    }
    if (minFaceSize != null && (minFaceSize < 0 || minFaceSize > 100_000)) {
      throw new InvalidInputException(
          "detection.min_face_size must be in [0, 100000], got " + minFaceSize);
    }
    if (maxFaces != null && (maxFaces < 1 || maxFaces > MAX_FACES)) {
      throw new InvalidInputException(
          "detection.max_faces must be in [1, " + MAX_FACES + "], got " + maxFaces);
    }
    if (nmsIou != null && !(nmsIou > 0 && nmsIou <= 1)) {
      throw new InvalidInputException("detection.nms_iou must be in (0, 1], got " + nmsIou);
    }
    if (inputSize != null && (inputSize < 128 || inputSize > 1024 || inputSize % 32 != 0)) {
      throw new InvalidInputException(
          "detection.input_size must be a multiple of 32 in [128, 1024], got " + inputSize);
    }
  }

  /** These settings, with unset fields taken from {@code below}. */
  public DetectionSettings over(DetectionSettings below) {
    return new DetectionSettings(
        detector != null ? detector : below.detector,
        minScore != null ? minScore : below.minScore,
        minFaceSize != null ? minFaceSize : below.minFaceSize,
        maxFaces != null ? maxFaces : below.maxFaces,
        nmsIou != null ? nmsIou : below.nmsIou,
        inputSize != null ? inputSize : below.inputSize);
  }

  /** Every field decided, from these settings and the detector's defaults. */
  public Resolved resolve() {
    DetectorKind kind = detector != null ? detector : DetectorKind.DEFAULT;
    return new Resolved(
        kind,
        new DetectionOptions(
            minScore != null ? minScore : kind.defaultMinScore(),
            nmsIou != null ? nmsIou : kind.defaultNmsIou(),
            maxFaces != null ? maxFaces : DEFAULT_MAX_FACES,
            inputSize != null ? inputSize : DEFAULT_INPUT_SIZE),
        minFaceSize != null ? minFaceSize : DEFAULT_MIN_FACE_SIZE);
  }

  /**
   * Settings with every field decided: also a cache key, since equal settings find equal faces.
   *
   * @param detector the detector
   * @param options its options
   * @param minFaceSize smallest face side kept
   */
  public record Resolved(DetectorKind detector, DetectionOptions options, int minFaceSize) {}
}
