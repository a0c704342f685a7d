package dev.facesearch.server.detect;

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

/**
 * The server's detectors (translator, padding, resizing, decoding, NMS) against the faces
 * face-api's own {@code locateFaces} reports, on net-sized crops and on whole photos.
 */
class OnnxFaceDetectorTest {
  private static final float SCORE_TOLERANCE = 1e-4f;
  private static final float PIXEL_TOLERANCE = 0.05f;
  private static ModelRegistry models;
  private static OnnxFaceDetector ssd;
  private static OnnxFaceDetector tiny;

  @BeforeAll
  static void load() throws Exception {
    models = ModelRegistry.open(Path.of(System.getProperty("facesearch.models.out")), 1);
    ssd = OnnxFaceDetector.ssdMobilenetV1(models, 2);
    tiny = OnnxFaceDetector.tinyFaceDetector(models, 2);
  }

  @AfterAll
  static void close() {
    ssd.close();
    tiny.close();
    models.close();
  }

  private static RgbImage image(GoldenInput input) {
    return new RgbImage(input.width(), input.height(), input.rgb());
  }

  /** Compares detections with face-api's rows of (score, x, y, width, height), in order. */
  private static int assertSameFaces(
      String name, GoldenFixture.Output expected, List<Detection> actual) {
    int faces = expected.shape()[0];
    assertEquals(faces, actual.size(), name + ": number of faces");
    float[] rows = expected.values();
    for (int i = 0; i < faces; i++) {
      Detection d = actual.get(i);
      assertEquals(rows[5 * i], d.score(), SCORE_TOLERANCE, name + " face " + i + " score");
      assertEquals(rows[5 * i + 1], d.x(), PIXEL_TOLERANCE, name + " face " + i + " x");
      assertEquals(rows[5 * i + 2], d.y(), PIXEL_TOLERANCE, name + " face " + i + " y");
      assertEquals(rows[5 * i + 3], d.width(), PIXEL_TOLERANCE, name + " face " + i + " width");
      assertEquals(rows[5 * i + 4], d.height(), PIXEL_TOLERANCE, name + " face " + i + " height");
    }
    return faces;
  }

  @Test
  void ssd_netSizedCrops_findFaceApisFaces() throws Exception {
    GoldenFixture fixture = GoldenFixture.load("ssd_mobilenetv1");
    int faces = 0;
    for (GoldenInput input : GoldenInputs.ssdMobilenetV1()) {
      GoldenFixture.Case expected = fixture.get(input.name());
      assertEquals(expected.sha256(), input.sha256());
      faces +=
          assertSameFaces(
              input.name(),
              expected.outputs().get("detections"),
              ssd.detect(image(input), DetectionOptions.ssdDefaults()));
    }
    assertTrue(!GoldenInput.photosAvailable() || faces > 20, "faces found: " + faces);
  }

  @Test
  void ssd_wholePhotos_findFaceApisFacesInPhotoPixels() throws Exception {
    GoldenFixture fixture = GoldenFixture.load("ssd_mobilenetv1_photos");
    for (GoldenInput input : GoldenInputs.detectorPhotos()) {
      GoldenFixture.Case expected = fixture.get(input.name());
      assertEquals(expected.sha256(), input.sha256());
      assertSameFaces(
          input.name(),
          expected.outputs().get("detections"),
          ssd.detect(image(input), DetectionOptions.ssdDefaults()));
    }
  }

  @Test
  void tiny_netSizedCrops_findFaceApisFaces() throws Exception {
    GoldenFixture fixture = GoldenFixture.load("tiny_face_detector");
    for (GoldenInput input : GoldenInputs.tinyFaceDetector()) {
      GoldenFixture.Case expected = fixture.get(input.name());
      DetectionOptions options = new DetectionOptions(0.5f, 0.4f, 100, input.width());
      assertSameFaces(
          input.name(), expected.outputs().get("detections"), tiny.detect(image(input), options));
    }
  }

  @Test
  void tiny_wholePhotos_findFaceApisFacesInPhotoPixels() throws Exception {
    GoldenFixture fixture = GoldenFixture.load("tiny_face_detector_photos");
    for (GoldenInput input : GoldenInputs.detectorPhotos()) {
      GoldenFixture.Case expected = fixture.get(input.name());
      assertSameFaces(
          input.name(),
          expected.outputs().get("detections"),
          tiny.detect(image(input), DetectionOptions.tinyDefaults()));
    }
  }

  @Test
  void options_limitFacesAndRaiseTheBar() throws Exception {
    for (GoldenInput input : GoldenInputs.detectorPhotos()) {
      List<Detection> all = ssd.detect(image(input), DetectionOptions.ssdDefaults());
      List<Detection> two = ssd.detect(image(input), new DetectionOptions(0.5f, 0.5f, 2, 512));
      assertEquals(Math.min(2, all.size()), two.size());
      List<Detection> sure = ssd.detect(image(input), new DetectionOptions(0.95f, 0.5f, 100, 512));
      assertTrue(sure.stream().allMatch(d -> d.score() > 0.95f));
      assertTrue(sure.size() <= all.size());
    }
  }
}
