package dev.facesearch.server.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.facesearch.models.golden.GoldenInput;
import dev.facesearch.models.golden.GoldenInputs;
import dev.facesearch.server.image.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OpenCV's Haar cascade, from the bytedeco jar, on photos whose faces face-api also finds. */
class HaarCascadeDetectorTest {

  @Test
  void frontalFaces_areFoundWhereTheOtherDetectorsFindThem() throws Exception {
    assumeTrue(GoldenInput.photosAvailable(), "needs ../shared/data/faces");
    try (HaarCascadeDetector haar = HaarCascadeDetector.frontalFace()) {
      for (GoldenInput photo : GoldenInputs.detectorPhotos()) {
        List<Detection> faces =
            haar.detect(
                new RgbImage(photo.width(), photo.height(), photo.rgb()),
                DetectionOptions.ssdDefaults());
        System.out.println("haar " + photo.name() + ": " + faces.size() + " faces");
        assertTrue(!faces.isEmpty(), photo.name() + ": no face");
        for (Detection face : faces) {
          assertEquals(1f, face.score());
          assertTrue(
              face.x() >= 0
                  && face.y() >= 0
                  && face.x() + face.width() <= photo.width()
                  && face.y() + face.height() <= photo.height());
        }
      }
    }
  }

  @Test
  void aFlatImage_hasNoFace() {
    byte[] flat = new byte[64 * 64 * 3];
    java.util.Arrays.fill(flat, (byte) 128);
    try (HaarCascadeDetector haar = HaarCascadeDetector.frontalFace()) {
      assertEquals(
          List.of(), haar.detect(new RgbImage(64, 64, flat), DetectionOptions.ssdDefaults()));
    }
  }
}
