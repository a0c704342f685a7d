package dev.facesearch.models.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our FaceRecognitionNet ONNX against face-api's own descriptors. */
class FaceRecognitionNetGoldenTest {
  private static final double TOLERANCE = 1e-4;
  private static OnnxRunner runner;
  private static GoldenFixture fixture;

  public static List<GoldenInput> inputs() throws IOException {
    return GoldenInputs.faceRecognition();
  }

  @BeforeAll
  static void open() throws Exception {
    runner = OnnxRunner.open("face_recognition");
    fixture = GoldenFixture.load("face_recognition");
  }

  @AfterAll
  static void close() {
    runner.close();
  }

  @Test
  void descriptors_matchFaceApi() throws Exception {
    List<GoldenInput> inputs = inputs();
    assertTrue(fixture.cases().size() >= inputs.size());
    for (GoldenInput input : inputs) {
      GoldenFixture.Case expected = fixture.get(input.name());
      assertEquals(
          expected.sha256(),
          input.sha256(),
          input.name() + ": input bytes differ from the fixture's");
      Map<String, float[]> actual = runner.run(input);
      double difference =
          GoldenFixture.maxAbsDifference(
              expected.outputs().get("descriptor").values(), actual.get("descriptor"));
      System.out.printf("face_recognition %s: max |difference| %.2e%n", input.name(), difference);
      assertTrue(difference <= TOLERANCE, input.name() + ": max |difference| " + difference);
    }
  }
}
