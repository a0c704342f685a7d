package dev.facesearch.client.cli;

import dev.facesearch.api.v1.DetectionSettings;
import dev.facesearch.api.v1.Detector;
import dev.facesearch.api.v1.LandmarkModel;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The detection options shared by the commands that send images; unset options leave the
 * collection's settings in force.
 */
final class DetectionOptions {
  @Option(
      names = "--detector",
      paramLabel = "hog|ssd|tiny|haar",
      converter = DetectorConverter.class,
      description =
          "Face detector: hog (dlib's HOG detector: fast, frontal faces), ssd (a CNN: also"
              + " turned, small and tightly cropped faces, slower), tiny (faster than ssd, misses"
              + " more small and turned faces) or haar (OpenCV's frontal cascade). Default: the"
              + " collection's, else the server's (hog where it has dlib's models).")
  Detector detector;

  @Option(
      names = "--landmarks",
      paramLabel = "dlib|face-api",
      converter = LandmarkConverter.class,
      description =
          "Landmark model: dlib (dlib's shape predictor, what resnet128 was trained on; its"
              + " model's licence excludes commercial use) or face-api (face-api's net, MIT)."
              + " Default: the collection's, else the server's.")
  LandmarkModel landmarks;

  @Option(
      names = "--upsample",
      paramLabel = "N",
      description =
          "hog only: double the image N times (0-2) before detection; each doubling finds faces"
              + " half as large and costs about 4x (server default 1).")
  Integer upsample;

  @Option(
      names = "--cnn-fallback",
      negatable = true,
      paramLabel = "BOOLEAN",
      description =
          "hog only: where hog finds no face, look again with ssd (server default: on;"
              + " --no-cnn-fallback turns it off).")
  Boolean cnnFallback;

  @Option(
      names = "--min-face-size",
      paramLabel = "PIXELS",
      description = "Ignore faces smaller than this on their shorter side (server default 20).")
  Integer minFaceSize;

  @Option(
      names = "--min-score",
      paramLabel = "S",
      description = "Drop boxes scoring at or below S, in [0, 1) (server default 0.5).")
  Float minScore;

  /** The settings to put in a request; empty when no option was given. */
  DetectionSettings settings() {
    DetectionSettings.Builder settings = DetectionSettings.newBuilder();
    if (detector != null) {
      settings.setDetector(detector);
    }
    if (landmarks != null) {
      settings.setLandmarkModel(landmarks);
    }
    if (upsample != null) {
      settings.setUpsample(upsample);
    }
    if (cnnFallback != null) {
      settings.setCnnFallback(cnnFallback);
    }
    if (minFaceSize != null) {
      settings.setMinFaceSize(minFaceSize);
    }
    if (minScore != null) {
      settings.setMinScore(minScore);
    }
    return settings.build();
  }

  /** Reads the short detector names people type. */
  static final class DetectorConverter implements CommandLine.ITypeConverter<Detector> {
    @Override
    public Detector convert(String text) {
      return switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "hog", "dlib", "dlib-hog" -> Detector.DETECTOR_DLIB_HOG;
        case "ssd" -> Detector.DETECTOR_SSD_MOBILENET_V1;
        case "tiny" -> Detector.DETECTOR_TINY_FACE;
        case "haar" -> Detector.DETECTOR_HAAR_CASCADE;
        default ->
            throw new CommandLine.TypeConversionException(
                "'" + text + "' is not a detector: hog, ssd, tiny or haar");
      };
    }
  }

  /** Reads the short landmark model names people type. */
  static final class LandmarkConverter implements CommandLine.ITypeConverter<LandmarkModel> {
    @Override
    public LandmarkModel convert(String text) {
      return switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "dlib" -> LandmarkModel.LANDMARK_MODEL_DLIB;
        case "face-api", "faceapi" -> LandmarkModel.LANDMARK_MODEL_FACE_API;
        default ->
            throw new CommandLine.TypeConversionException(
                "'" + text + "' is not a landmark model: dlib or face-api");
      };
    }
  }
}
