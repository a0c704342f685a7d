package dev.facesearch.models.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our SsdMobilenetv1 ONNX against face-api's own boxes, scores and detections.
 *
 * <p>The fixture holds face-api's outputs at a subset of the anchors (see {@code
 * nets/ssd_mobilenetv1.js}), and its detections after NMS, which must each come from one of our
 * anchors with the same score and box.
 */
class SsdMobilenetV1GoldenTest {
  private static final double TOLERANCE = 1e-4;
  private static final int SIZE = 512;
  private static final int ANCHORS = 5118;
  private static OnnxRunner runner;
  private static GoldenFixture fixture;
  private static List<GoldenInput> inputs;

  /** Our outputs for each input, computed once: a run takes most of a second. */
  private static final Map<String, Map<String, float[]>> OURS = new HashMap<>();

  public static List<GoldenInput> inputs() throws IOException {
    return GoldenInputs.ssdMobilenetV1();
  }

  @BeforeAll
  static void open() throws Exception {
    runner = OnnxRunner.open("ssd_mobilenetv1");
    fixture = GoldenFixture.load("ssd_mobilenetv1");
    inputs = inputs();
    for (GoldenInput input : inputs) {
      OURS.put(input.name(), runner.run(input));
    }
  }

  @AfterAll
  static void close() {
    runner.close();
  }

  @Test
  void boxesAndScores_matchFaceApi() throws Exception {
    assertTrue(fixture.cases().size() >= inputs.size());
    for (GoldenInput input : inputs) {
      GoldenFixture.Case expected = checkedCase(input);
      Map<String, float[]> actual = OURS.get(input.name());
      float[] boxes = actual.get("boxes");
      float[] scores = actual.get("scores");
      assertEquals(ANCHORS * 4, boxes.length);
      assertEquals(ANCHORS, scores.length);

      float[] index = expected.outputs().get("anchor_index").values();
      float[] expectedBoxes = expected.outputs().get("boxes").values();
      float[] expectedScores = expected.outputs().get("scores").values();
      float[] ourBoxes = new float[index.length * 4];
      float[] ourScores = new float[index.length];
      for (int i = 0; i < index.length; i++) {
        int anchor = (int) index[i];
        System.arraycopy(boxes, anchor * 4, ourBoxes, i * 4, 4);
        ourScores[i] = scores[anchor];
      }
      double boxDifference = GoldenFixture.maxAbsDifference(expectedBoxes, ourBoxes);
      double scoreDifference = GoldenFixture.maxAbsDifference(expectedScores, ourScores);
      System.out.printf(
          "ssd_mobilenetv1 %s: %d anchors compared, max |difference| boxes %.2e, scores %.2e%n",
          input.name(), index.length, boxDifference, scoreDifference);
      assertTrue(boxDifference <= TOLERANCE, input.name() + ": boxes differ by " + boxDifference);
      assertTrue(
          scoreDifference <= TOLERANCE, input.name() + ": scores differ by " + scoreDifference);
    }
  }

  /** Each face-api detection is one of our anchors: same score, same clipped box in pixels. */
  @Test
  void detections_comeFromOurAnchors() throws Exception {
    for (GoldenInput input : inputs) {
      float[] detections = checkedCase(input).outputs().get("detections").values();
      if (!input.name().startsWith("pattern")) {
        assertFalse(detections.length == 0, input.name() + ": the fixture has no detections");
      }
      float[] boxes = OURS.get(input.name()).get("boxes");
      float[] scores = OURS.get(input.name()).get("scores");
      for (int d = 0; d < detections.length / 5; d++) {
        float score = detections[d * 5];
        assertTrue(score > 0.5f, input.name() + ": detection below minConfidence");
        double best = Double.MAX_VALUE;
        for (int anchor = 0; anchor < ANCHORS; anchor++) {
          if (Math.abs(scores[anchor] - score) <= TOLERANCE) {
            best = Math.min(best, boxDistance(detections, d, boxes, anchor));
          }
        }
        System.out.printf(
            "ssd_mobilenetv1 %s: detection %.3f at (%.1f, %.1f, %.1f x %.1f), box |difference|"
                + " %.2e px%n",
            input.name(),
            score,
            detections[d * 5 + 1],
            detections[d * 5 + 2],
            detections[d * 5 + 3],
            detections[d * 5 + 4],
            best);
        assertTrue(
            best <= TOLERANCE * SIZE,
            input.name() + ": no anchor of ours gives detection " + d + " (off by " + best + ")");
      }
    }
  }

  /** A batch of two gives each image the outputs it gets alone. */
  @Test
  void batchOfTwo_matchesOneByOne() throws Exception {
    List<GoldenInput> pair = List.of(inputs.get(0), inputs.getLast());
    Map<String, float[]> batch = runner.runBatch(pair);
    for (String output : List.of("boxes", "scores")) {
      float[] both = batch.get(output);
      int each = both.length / 2;
      for (int i = 0; i < 2; i++) {
        float[] alone = OURS.get(pair.get(i).name()).get(output);
        double difference =
            GoldenFixture.maxAbsDifference(
                alone, Arrays.copyOfRange(both, i * each, (i + 1) * each));
        assertTrue(
            difference <= 1e-5, output + " of batch element " + i + " differ by " + difference);
      }
    }
  }

  /**
   * Largest difference, in pixels, between a detection (x, y, width, height) and an anchor's box
   * (ymin, xmin, ymax, xmax) clipped to the image as face-api's locateFaces clips it.
   */
  private static double boxDistance(float[] detections, int d, float[] boxes, int anchor) {
    double top = Math.max(0, boxes[anchor * 4]) * SIZE;
    double left = Math.max(0, boxes[anchor * 4 + 1]) * SIZE;
    double bottom = Math.min(1, boxes[anchor * 4 + 2]) * SIZE;
    double right = Math.min(1, boxes[anchor * 4 + 3]) * SIZE;
    double[] ours = {left, top, right - left, bottom - top};
    double distance = 0;
    for (int k = 0; k < 4; k++) {
      distance = Math.max(distance, Math.abs(ours[k] - detections[d * 5 + 1 + k]));
    }
    return distance;
  }

  private static GoldenFixture.Case checkedCase(GoldenInput input) {
    GoldenFixture.Case expected = fixture.get(input.name());
    assertEquals(
        expected.sha256(),
        input.sha256(),
        input.name() + ": input bytes differ from the fixture's");
    return expected;
  }
}
