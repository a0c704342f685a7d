package dev.facesearch.client.cli;

import dev.facesearch.api.v1.DetectionSettings;
import dev.facesearch.api.v1.Detector;
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
      paramLabel = "ssd|tiny|haar",
      converter = DetectorConverter.class,
      description =
          "Face detector: ssd (accurate), tiny (several times faster, misses more small and"
              + " turned faces) or haar (OpenCV's frontal cascade). Default: the collection's.")
  Detector detector;

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
        case "ssd" -> Detector.DETECTOR_SSD_MOBILENET_V1;
        case "tiny" -> Detector.DETECTOR_TINY_FACE;
        case "haar" -> Detector.DETECTOR_HAAR_CASCADE;
        default ->
            throw new CommandLine.TypeConversionException(
                "'" + text + "' is not a detector: ssd, tiny or haar");
      };
    }
  }
}
