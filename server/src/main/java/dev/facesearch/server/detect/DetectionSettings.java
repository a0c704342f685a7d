package dev.facesearch.server.detect;

import dev.facesearch.server.core.InvalidInputException;
import dev.facesearch.server.landmark.LandmarkModel;

/**
 * Detection settings as a caller, a collection or the server gives them: any field may be unset
 * (null), and a layer of settings falls back on the one below it (request, then collection, then
 * the server's defaults, {@link #over}); {@link #resolve} decides what is still unset from the
 * detector's own defaults.
 *
 * @param detector which detector, or null
 * @param minScore boxes scoring at or below this are dropped, or null
 * @param minFaceSize faces smaller than this on their shorter side are dropped, or null
 * @param maxFaces most faces kept, largest first, or null
 * @param nmsIou overlap above which the lower-scoring box is dropped, or null
 * @param inputSize the tiny detector's input side, or null
 * @param upsample how many times dlib's HOG detector doubles the image first, or null
 * @param cnnFallback whether SSD looks again where dlib's HOG detector found no face, or null
 * @param landmarks which model finds the landmarks, or null
 */
public record DetectionSettings(
    DetectorKind detector,
    Float minScore,
    Integer minFaceSize,
    Integer maxFaces,
    Float nmsIou,
    Integer inputSize,
    Integer upsample,
    Boolean cnnFallback,
    LandmarkModel landmarks) {

  public static final int DEFAULT_MIN_FACE_SIZE = 20;
  public static final int DEFAULT_MAX_FACES = 100;
  public static final int MAX_FACES = 1000;
  public static final int DEFAULT_INPUT_SIZE = 416;
  public static final int DEFAULT_UPSAMPLE = 1;

  /** No setting: everything falls through. */
  public static final DetectionSettings NONE =
      new DetectionSettings(null, null, null, null, null, null, null, null, null);

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
    if (upsample != null && (upsample < 0 || upsample > DetectionOptions.MAX_UPSAMPLE)) {
      throw new InvalidInputException(
          "detection.upsample must be in [0, "
              + DetectionOptions.MAX_UPSAMPLE
              + "], got "
              + upsample);
    }
  }

  /** Settings that only choose the detector. */
  public static DetectionSettings of(DetectorKind detector) {
    return new DetectionSettings(detector, null, null, null, null, null, null, null, null);
  }

  /** Settings that only choose the detector and the landmark model. */
  public static DetectionSettings of(DetectorKind detector, LandmarkModel landmarks) {
    return new DetectionSettings(detector, null, null, null, null, null, null, null, landmarks);
  }

  /** These settings, with unset fields taken from {@code below}. */
  public DetectionSettings over(DetectionSettings below) {
    return new DetectionSettings(
        detector != null ? detector : below.detector,
        minScore != null ? minScore : below.minScore,
        minFaceSize != null ? minFaceSize : below.minFaceSize,
        maxFaces != null ? maxFaces : below.maxFaces,
        nmsIou != null ? nmsIou : below.nmsIou,
        inputSize != null ? inputSize : below.inputSize,
        upsample != null ? upsample : below.upsample,
        cnnFallback != null ? cnnFallback : below.cnnFallback,
        landmarks != null ? landmarks : below.landmarks);
  }

  /**
   * Every field decided, from these settings and the detector's defaults; with no detector or
   * landmark model set, SSD MobileNet v1 and face-api's net (the server's own defaults come in as a
   * layer below, see {@link #over}).
   */
  public Resolved resolve() {
    DetectorKind kind = detector != null ? detector : DetectorKind.SSD_MOBILENET_V1;
    boolean hog = kind == DetectorKind.DLIB_HOG;
    // Settings another detector ignores are fixed, so that they do not split the cache.
    return new Resolved(
        kind,
        new DetectionOptions(
            minScore != null ? minScore : kind.defaultMinScore(),
            nmsIou != null ? nmsIou : kind.defaultNmsIou(),
            maxFaces != null ? maxFaces : DEFAULT_MAX_FACES,
            inputSize != null ? inputSize : DEFAULT_INPUT_SIZE,
            hog ? (upsample != null ? upsample : DEFAULT_UPSAMPLE) : 0),
        minFaceSize != null ? minFaceSize : DEFAULT_MIN_FACE_SIZE,
        hog && (cnnFallback == null || cnnFallback),
        landmarks != null ? landmarks : LandmarkModel.FACE_API);
  }

  /**
   * Settings with every field decided: also a cache key, since equal settings find equal faces.
   *
   * @param detector the detector
   * @param options its options
   * @param minFaceSize smallest face side kept
   * @param cnnFallback whether SSD looks again where the detector found no face
   * @param landmarks the landmark model
   */
  public record Resolved(
      DetectorKind detector,
      DetectionOptions options,
      int minFaceSize,
      boolean cnnFallback,
      LandmarkModel landmarks) {}
}
