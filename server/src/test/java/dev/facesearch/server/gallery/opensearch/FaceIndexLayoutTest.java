package dev.facesearch.server.gallery.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.gallery.CollectionSpec;
import dev.facesearch.server.gallery.Sharding;
import dev.facesearch.server.gallery.VectorEncoding;
import dev.facesearch.server.landmark.LandmarkModel;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A collection's spec kept in its index's {@code _meta} and read back, without a cluster: the body
 * that creates the index, as text (what the cluster stores and returns), parsed into the spec.
 */
class FaceIndexLayoutTest {
  private static final Sharding SHARDING = new Sharding(2, 1);

  private static CollectionSpec spec(DetectionSettings detection) {
    return new CollectionSpec(
        "people",
        "resnet128",
        128,
        0.36f,
        16,
        100,
        VectorEncoding.FLOAT32,
        Instant.parse("2026-12-03T12:00:00Z"),
        detection);
  }

  /** The mappings as the cluster would return them: through JSON text. */
  private static JsonObject storedMappings(CollectionSpec spec) {
    String body = FaceIndexLayout.createBody(spec, SHARDING).toString();
    return JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("mappings");
  }

  @Test
  void spec_dlibDetectionFields_surviveTheMapping() {
    for (DetectionSettings detection :
        new DetectionSettings[] {
          new DetectionSettings(
              DetectorKind.DLIB_HOG, 0.6f, 30, 5, null, null, 2, false, LandmarkModel.DLIB),
          new DetectionSettings(
              DetectorKind.DLIB_HOG, null, null, null, null, null, 0, true, LandmarkModel.FACE_API),
          new DetectionSettings(
              DetectorKind.TINY_FACE, null, null, null, 0.4f, 320, null, null, null)
        }) {
      CollectionSpec spec = spec(detection);

      CollectionSpec read = FaceIndexLayout.spec("people", storedMappings(spec)).orElseThrow();

      assertEquals(spec.withSharding(SHARDING), read, detection.toString());
    }
  }

  @Test
  void createBody_unsetDlibFields_areLeftOutOfTheMeta() {
    JsonObject detection =
        storedMappings(spec(DetectionSettings.of(DetectorKind.DLIB_HOG)))
            .getAsJsonObject("_meta")
            .getAsJsonObject("facesearch")
            .getAsJsonObject("detection");

    assertEquals("DLIB_HOG", detection.get("detector").getAsString());
    assertFalse(detection.has("upsample"), "unset keeps following the server's default");
    assertFalse(detection.has("cnn_fallback"));
    assertFalse(detection.has("landmarks"));
  }

  @Test
  void createBody_setDlibFields_areStoredByName() {
    JsonObject detection =
        storedMappings(
                spec(
                    new DetectionSettings(
                        null, null, null, null, null, null, 1, false, LandmarkModel.DLIB)))
            .getAsJsonObject("_meta")
            .getAsJsonObject("facesearch")
            .getAsJsonObject("detection");

    assertEquals(1, detection.get("upsample").getAsInt());
    assertFalse(detection.get("cnn_fallback").getAsBoolean());
    // By enum name, so that reordering the enum cannot change a stored collection.
    assertEquals("DLIB", detection.get("landmarks").getAsString());
    assertTrue(detection.get("cnn_fallback").getAsJsonPrimitive().isBoolean());
  }
}
