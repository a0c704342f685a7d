package dev.facesearch.models.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.models.faceapi.TinyFaceDetectorGraph;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our TinyFaceDetector ONNX against face-api's raw grid, and the grid decoding documented in the
 * model card against face-api's own detections.
 */
class TinyFaceDetectorGoldenTest {
  private static final double TOLERANCE = 1e-4;
  private static final double BOX_TOLERANCE_PIXELS = 0.05;
  private static final float SCORE_THRESHOLD = 0.5f;
  private static GoldenFixture fixture;
  private static List<GoldenInput> inputs;
  // Our grid for each input, by name: the photos are decoded and the model run once per class.
  private static final Map<String, float[]> grids = new HashMap<>();

  public static List<GoldenInput> inputs() throws IOException {
    return GoldenInputs.tinyFaceDetector();
  }

  @BeforeAll
  static void run() throws Exception {
    fixture = GoldenFixture.load(TinyFaceDetectorGraph.NAME);
    inputs = inputs();
    try (OnnxRunner runner = OnnxRunner.open(TinyFaceDetectorGraph.NAME)) {
      for (GoldenInput input : inputs) {
        grids.put(input.name(), runner.run(input).get("grid"));
      }
    }
  }

  @Test
  void grid_matchesFaceApi() {
    assertTrue(fixture.cases().size() >= inputs.size());
    for (GoldenInput input : inputs) {
      GoldenFixture.Case expected = checkedCase(input);
      GoldenFixture.Output grid = expected.outputs().get("grid");
      assertArrayEquals(gridShape(input), grid.shape(), input.name() + ": face-api's grid shape");
      float[] actual = grids.get(input.name());
      double difference = GoldenFixture.maxAbsDifference(grid.values(), actual);
      System.out.printf(
          "tiny_face_detector %s (%dx%d): grid max |difference| %.2e%n",
          input.name(), input.height(), input.width(), difference);
      assertTrue(difference <= TOLERANCE, input.name() + ": max |difference| " + difference);
    }
  }

  /** Every detection face-api kept after NMS is one of the boxes our decoding of our grid gives. */
  @Test
  void decodedGrid_containsFaceApiDetections() {
    for (GoldenInput input : inputs) {
      GoldenFixture.Output detections = checkedCase(input).outputs().get("detections");
      float[] faceApi = detections.values();
      if (!input.name().startsWith("pattern")) {
        assertTrue(faceApi.length > 0, input.name() + ": face-api found no face in a photo crop");
      }
      List<float[]> ours = decode(grids.get(input.name()), input);
      for (int i = 0; i < faceApi.length; i += 5) {
        float[] expected = {
          faceApi[i], faceApi[i + 1], faceApi[i + 2], faceApi[i + 3], faceApi[i + 4]
        };
        System.out.printf(
            "tiny_face_detector %s: score %.3f box x %.1f y %.1f w %.1f h %.1f%n",
            input.name(), expected[0], expected[1], expected[2], expected[3], expected[4]);
        assertTrue(
            ours.stream().anyMatch(box -> sameDetection(expected, box)),
            input.name() + ": no decoded box matches face-api's detection " + (i / 5));
      }
    }
  }

  private static GoldenFixture.Case checkedCase(GoldenInput input) {
    GoldenFixture.Case expected = fixture.get(input.name());
    assertEquals(
        expected.sha256(),
        input.sha256(),
        input.name() + ": input bytes differ from the fixture's");
    return expected;
  }

  private static int[] gridShape(GoldenInput input) {
    int channels = TinyFaceDetectorGraph.ANCHORS.length * TinyFaceDetectorGraph.BOX_ENCODING;
    return new int[] {1, input.height() / 32, input.width() / 32, channels};
  }

  /**
   * The model card's decoding: (score, x, y, width, height) in input pixels for every cell and
   * anchor whose score passes the threshold.
   */
  private static List<float[]> decode(float[] grid, GoldenInput input) {
    int rows = input.height() / TinyFaceDetectorGraph.STRIDE;
    int cols = input.width() / TinyFaceDetectorGraph.STRIDE;
    float[][] anchors = TinyFaceDetectorGraph.ANCHORS;
    int encoding = TinyFaceDetectorGraph.BOX_ENCODING;
    List<float[]> boxes = new ArrayList<>();
    for (int row = 0; row < rows; row++) {
      for (int col = 0; col < cols; col++) {
        for (int a = 0; a < anchors.length; a++) {
          int at = ((row * cols + col) * anchors.length + a) * encoding;
          double score = sigmoid(grid[at + 4]);
          if (score <= SCORE_THRESHOLD) {
            continue;
          }
          double cx = (col + sigmoid(grid[at])) / cols;
          double cy = (row + sigmoid(grid[at + 1])) / rows;
          double w = Math.exp(grid[at + 2]) * anchors[a][0] / cols;
          double h = Math.exp(grid[at + 3]) * anchors[a][1] / rows;
          boxes.add(
              new float[] {
                (float) score,
                (float) ((cx - w / 2) * input.width()),
                (float) ((cy - h / 2) * input.height()),
                (float) (w * input.width()),
                (float) (h * input.height())
              });
        }
      }
    }
    return boxes;
  }

  private static boolean sameDetection(float[] expected, float[] actual) {
    if (Math.abs(expected[0] - actual[0]) > TOLERANCE) {
      return false;
    }
    for (int i = 1; i < 5; i++) {
      if (Math.abs(expected[i] - actual[i]) > BOX_TOLERANCE_PIXELS) {
        return false;
      }
    }
    return true;
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
