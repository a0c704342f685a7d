package dev.facesearch.models.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What the golden tests of the two 68-point landmark nets share: inputs and checks. */
final class LandmarkGolden {
  static final double TOLERANCE = 1e-4;
  static final int POINTS = 68;

  private LandmarkGolden() {}

  /**
   * Close crops, about the size of a detector's box, holding the whole face: LFW photos are 250x250
   * with the face near the centre, and a 112x112 square at (69, 78) spans brows to chin. (At (69,
   * 69) the chin and the jaw's sides fall just outside the crop.)
   */
  static List<GoldenInput> faces() throws IOException {
    return List.of(
        GoldenInput.crop("lfw-subset/George_W_Bush/George_W_Bush_0001.jpg", 69, 78, 112, 1),
        GoldenInput.crop("lfw-subset/Tony_Blair/Tony_Blair_0001.jpg", 69, 78, 112, 1),
        GoldenInput.crop("lfw-subset/Vladimir_Putin/Vladimir_Putin_0001.jpg", 69, 78, 112, 1));
  }

  /**
   * A loose crop, the face filling half of it (224x224 at (13, 13), halved). Compared with face-api
   * only: the full net's points on it collapse towards the centre, a face far smaller than a
   * detector's box being outside what it was trained on, while the tiny net copes.
   */
  static GoldenInput looseCrop() throws IOException {
    return GoldenInput.crop("lfw-subset/George_W_Bush/George_W_Bush_0001.jpg", 13, 13, 112, 2);
  }

  /** A synthetic pattern, the close crops and the loose crop. */
  static List<GoldenInput> inputs() throws IOException {
    List<GoldenInput> inputs = new ArrayList<>();
    inputs.add(GoldenInput.pattern("pattern-1", 112, 1));
    inputs.addAll(faces());
    inputs.add(looseCrop());
    return inputs;
  }

  /** Runs every input and compares with face-api's output. */
  static void compareAll(String net, OnnxRunner runner, GoldenFixture fixture) throws Exception {
    List<GoldenInput> inputs = inputs();
    assertEquals(inputs.size(), fixture.cases().size());
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
    for (GoldenInput face : faces()) {
      assertPlausibleFace(face.name(), runner.run(face).get("landmarks"));
    }
  }
}
