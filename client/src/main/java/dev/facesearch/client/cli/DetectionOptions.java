package dev.facesearch.client.cli;

import dev.facesearch.api.v1.DetectionSettings;
import dev.facesearch.api.v1.Detector;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The detection options shared by the image commands; unset options leave the collection's (or the
 * server's) settings in force.
 */
final class DetectionOptions {
  @Option(
      names = "--detector",
      paramLabel = "ssd|tiny|haar",
      converter = DetectorConverter.class,
      description = "The face detector: ssd (accurate), tiny (fast) or haar (OpenCV's cascade).")
  Detector detector;

  @Option(
      names = "--min-score",
      paramLabel = "S",
      description = "Drop boxes scoring at or below S, in [0, 1) (server default 0.5).")
  Float minScore;

  /** The settings to send: only what was given. */
  DetectionSettings settings() {
    DetectionSettings.Builder settings = DetectionSettings.newBuilder();
    if (detector != null) {
      settings.setDetector(detector);
    }
    if (minScore != null) {
      settings.setMinScore(minScore);
    }
    return settings.build();
  }

  /** Reads the short detector names of the command line. */
  static final class DetectorConverter implements CommandLine.ITypeConverter<Detector> {
    static final List<String> NAMES = List.of("ssd", "tiny", "haar");

    @Override
    public Detector convert(String text) {
      return switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "ssd" -> Detector.DETECTOR_SSD_MOBILENET_V1;
        case "tiny" -> Detector.DETECTOR_TINY_FACE;
        case "haar" -> Detector.DETECTOR_HAAR_CASCADE;
        default ->
            throw new CommandLine.TypeConversionException(
                "'" + text + "' is not a detector; use one of " + String.join(", ", NAMES));
      };
    }
  }
}
