package dev.facesearch.models.golden;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our FaceLandmark68TinyNet ONNX against face-api's own raw landmark output. */
class FaceLandmark68TinyGoldenTest {
  private static final String NET = "face_landmark_68_tiny";
  private static OnnxRunner runner;
  private static GoldenFixture fixture;

  public static List<GoldenInput> inputs() throws IOException {
    return LandmarkGolden.inputs();
  }

  @BeforeAll
  static void open() throws Exception {
    runner = OnnxRunner.open(NET);
    fixture = GoldenFixture.load(NET);
  }

  @AfterAll
  static void close() {
    runner.close();
  }

  @Test
  void landmarks_matchFaceApi() throws Exception {
    LandmarkGolden.compareAll(NET, runner, fixture);
  }

  @Test
  void landmarksOfFaces_insideCropEyesAboveMouth() throws Exception {
    LandmarkGolden.assertPlausibleFaces(runner);
  }
}
