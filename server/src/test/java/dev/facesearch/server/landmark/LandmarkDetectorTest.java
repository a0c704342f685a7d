package dev.facesearch.server.landmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.models.golden.GoldenFixture;
import dev.facesearch.models.golden.GoldenInput;
import dev.facesearch.models.golden.GoldenInputs;
import dev.facesearch.server.image.RgbImage;
import dev.facesearch.server.model.ModelRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server's landmark detectors against face-api's own landmarks. */
class LandmarkDetectorTest {
  private static ModelRegistry models;
  private static LandmarkDetector full;
  private static LandmarkDetector tiny;

  @BeforeAll
  static void load() throws Exception {
    models = ModelRegistry.open(Path.of(System.getProperty("facesearch.models.out")), 1);
    full = LandmarkDetector.full(models, 2);
    tiny = LandmarkDetector.tiny(models, 2);
  }

  @AfterAll
  static void close() {
    full.close();
    tiny.close();
    models.close();
  }

  private static RgbImage image(GoldenInput input) {
    return new RgbImage(input.width(), input.height(), input.rgb());
  }

  @Test
  void netSizedCrops_inOneBatch_matchFaceApiRawOutputs() throws Exception {
    List<GoldenInput> inputs = GoldenInputs.landmarks();
    List<RgbImage> crops = inputs.stream().map(LandmarkDetectorTest::image).toList();
    for (var net :
        List.of(
            new Object[] {"face_landmark_68", full},
            new Object[] {"face_landmark_68_tiny", tiny})) {
      GoldenFixture fixture = GoldenFixture.load((String) net[0]);
      List<float[]> got = ((LandmarkDetector) net[1]).landmarks(crops);
      for (int i = 0; i < inputs.size(); i++) {
        float[] expected = fixture.get(inputs.get(i).name()).outputs().get("landmarks").values();
        double difference = GoldenFixture.maxAbsDifference(expected, got.get(i));
        assertTrue(difference <= 1e-4, net[0] + " " + inputs.get(i).name() + ": " + difference);
      }
    }
  }

  @Test
  void nonSquareCrops_giveFaceApisPointsInCropPixels() throws Exception {
    GoldenFixture fixture = GoldenFixture.load("face_landmark_68_photos");
    List<GoldenInput> inputs = GoldenInputs.landmarkPhotos();
    List<float[]> got = full.landmarks(inputs.stream().map(LandmarkDetectorTest::image).toList());
    for (int i = 0; i < inputs.size(); i++) {
      GoldenInput input = inputs.get(i);
      GoldenFixture.Case expected = fixture.get(input.name());
      assertEquals(expected.sha256(), input.sha256());
      float[] points = LandmarkDetector.inCropPixels(got.get(i), input.width(), input.height());
      double difference =
          GoldenFixture.maxAbsDifference(expected.outputs().get("points").values(), points);
      // Pixels now: the 1e-4 of the relative output, times a side of at most 140.
      assertTrue(difference <= 0.02, input.name() + ": max |difference| " + difference + " px");
    }
  }
}
