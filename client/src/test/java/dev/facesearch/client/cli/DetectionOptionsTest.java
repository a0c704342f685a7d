package dev.facesearch.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.api.v1.DetectionSettings;
import dev.facesearch.api.v1.Detector;
import dev.facesearch.api.v1.LandmarkModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The detection options as the commands parse them, and the settings they put in a request. */
class DetectionOptionsTest {
  /** A command with nothing but the options, as each image command mixes them in. */
  @Command(name = "probe")
  static final class Probe {
    @Mixin DetectionOptions detection;
  }

  private static DetectionSettings parse(String... args) {
    Probe probe = new Probe();
    new CommandLine(probe).parseArgs(args);
    return probe.detection.settings();
  }

  @Test
  void detectorConverter_readsTheShortNames() {
    DetectionOptions.DetectorConverter converter = new DetectionOptions.DetectorConverter();
    for (String hog : new String[] {"hog", "HOG", " dlib ", "dlib-hog"}) {
      assertEquals(Detector.DETECTOR_DLIB_HOG, converter.convert(hog), hog);
    }
    assertEquals(Detector.DETECTOR_SSD_MOBILENET_V1, converter.convert("ssd"));
    assertEquals(Detector.DETECTOR_TINY_FACE, converter.convert("Tiny"));
    assertEquals(Detector.DETECTOR_HAAR_CASCADE, converter.convert("haar"));
    CommandLine.TypeConversionException e =
        assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("yolo"));
    assertTrue(e.getMessage().contains("hog, ssd, tiny or haar"), e.getMessage());
  }

  @Test
  void landmarkConverter_readsTheShortNames() {
    DetectionOptions.LandmarkConverter converter = new DetectionOptions.LandmarkConverter();
    assertEquals(LandmarkModel.LANDMARK_MODEL_DLIB, converter.convert("dlib"));
    assertEquals(LandmarkModel.LANDMARK_MODEL_DLIB, converter.convert(" DLIB"));
    assertEquals(LandmarkModel.LANDMARK_MODEL_FACE_API, converter.convert("face-api"));
    assertEquals(LandmarkModel.LANDMARK_MODEL_FACE_API, converter.convert("FaceAPI"));
    CommandLine.TypeConversionException e =
        assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("ibug"));
    assertTrue(e.getMessage().contains("dlib or face-api"), e.getMessage());
  }

  @Test
  void settings_dlibOptions_reachTheRequest() {
    DetectionSettings settings =
        parse("--detector", "hog", "--landmarks", "dlib", "--upsample", "2", "--no-cnn-fallback");

    assertEquals(Detector.DETECTOR_DLIB_HOG, settings.getDetector());
    assertEquals(LandmarkModel.LANDMARK_MODEL_DLIB, settings.getLandmarkModel());
    assertTrue(settings.hasUpsample());
    assertEquals(2, settings.getUpsample());
    assertTrue(settings.hasCnnFallback());
    assertFalse(settings.getCnnFallback());
    assertTrue(parse("--cnn-fallback").getCnnFallback());
    assertTrue(parse("--upsample", "0").hasUpsample(), "0 is a setting, not an absence");
  }

  @Test
  void settings_noOptions_leaveEverythingToTheCollection() {
    assertEquals(DetectionSettings.getDefaultInstance(), parse());
    DetectionSettings onlyDetector = parse("--detector", "ssd");
    assertFalse(onlyDetector.hasUpsample());
    assertFalse(onlyDetector.hasCnnFallback());
    assertEquals(LandmarkModel.LANDMARK_MODEL_UNSPECIFIED, onlyDetector.getLandmarkModel());
  }

  @Test
  void parse_badValues_areUsageErrors() {
    for (String[] args :
        new String[][] {
          {"--detector", "yolo"}, {"--landmarks", "ibug"}, {"--upsample", "two"},
        }) {
      StringWriter err = new StringWriter();
      int status = new CommandLine(new Probe()).setErr(new PrintWriter(err)).execute(args);
      assertEquals(2, status, String.join(" ", args));
      assertTrue(err.toString().contains("Invalid value"), err.toString());
    }
  }
}
