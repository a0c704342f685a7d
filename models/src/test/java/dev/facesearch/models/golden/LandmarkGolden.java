package dev.facesearch.models.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

/** What the golden tests of the two 68-point landmark nets share: inputs and checks. */
final class LandmarkGolden {
  static final double TOLERANCE = 1e-4;
  static final int POINTS = 68;

  private LandmarkGolden() {}

  /** A synthetic pattern, the close crops and the loose crop. */
  public static List<GoldenInput> inputs() throws IOException {
    return GoldenInputs.landmarks();
  }

  /** Runs every input and compares with face-api's output. */
  static void compareAll(String net, OnnxRunner runner, GoldenFixture fixture) throws Exception {
    List<GoldenInput> inputs = inputs();
    assertTrue(fixture.cases().size() >= inputs.size());
    for (GoldenInput input : inputs) {
      GoldenFixture.Case expected = fixture.get(input.name());
      assertEquals(
          expected.sha256(),
          input.sha256(),
          input.name() + ": input bytes differ from the fixture's");
      float[] actual = runner.run(input).get("landmarks");
      double difference =
          GoldenFixture.maxAbsDifference(expected.outputs().get("landmarks").values(), actual);
      System.out.printf("%s %s: max |difference| %.2e%n", net, input.name(), difference);
      assertTrue(difference <= TOLERANCE, input.name() + ": max |difference| " + difference);
    }
  }

  /**
   * Checks that the points of a whole face lie in the crop and that the eyes are above the mouth.
   */
  private static void assertPlausibleFace(String name, float[] landmarks) {
    assertEquals(2 * POINTS, landmarks.length, name + ": output length");
    for (int i = 0; i < landmarks.length; i++) {
      float v = landmarks[i];
      assertTrue(v >= 0 && v <= 1, name + ": coordinate " + i + " is " + v + ", outside [0, 1]");
    }
    assertEyesAboveMouth(name, landmarks);
  }

  /** Checks that every eye point (36-47) is above every mouth point (48-67); y grows downwards. */
  private static void assertEyesAboveMouth(String name, float[] landmarks) {
    double lowestEye = Double.NEGATIVE_INFINITY;
    for (int p = 36; p <= 47; p++) {
      lowestEye = Math.max(lowestEye, landmarks[2 * p + 1]);
    }
    double highestMouth = Double.POSITIVE_INFINITY;
    for (int p = 48; p <= 67; p++) {
      highestMouth = Math.min(highestMouth, landmarks[2 * p + 1]);
    }
    assertTrue(
        lowestEye < highestMouth,
        name
            + ": lowest eye point y "
            + lowestEye
            + " not above highest mouth point y "
            + highestMouth);
  }

  /** Runs the close crops and checks each with {@link #assertPlausibleFace}. */
  static void assertPlausibleFaces(OnnxRunner runner) throws Exception {
    for (GoldenInput face : GoldenInputs.tightFaces()) {
      assertPlausibleFace(face.name(), runner.run(face).get("landmarks"));
    }
  }
}
