package dev.facesearch.server.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.facesearch.server.image.RgbImage;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConfirmedDetectorTest {
  private static final RgbImage IMAGE = new RgbImage(2, 2, new byte[12]);

  /** A detector that returns fixed boxes and counts its calls. */
  private record Fixed(List<Detection> boxes, AtomicInteger calls) implements FaceDetector {
    Fixed(Detection... boxes) {
      this(List.of(boxes), new AtomicInteger());
    }

    @Override
    public List<Detection> detect(RgbImage image, DetectionOptions options) {
      calls.incrementAndGet();
      return boxes;
    }

    @Override
    public void close() {}
  }

  @Test
  void sureDetections_needNoConfirmation_andTheConfirmerDoesNotRun() {
    Fixed confirmer = new Fixed();
    Detection sure = new Detection(0.95f, 0, 0, 10, 10);
    ConfirmedDetector detector =
        new ConfirmedDetector(new Fixed(sure), confirmer, DetectionOptions.tinyDefaults());
    assertEquals(List.of(sure), detector.detect(IMAGE, DetectionOptions.ssdDefaults()));
    assertEquals(0, confirmer.calls().get());
  }

  @Test
  void unsureDetections_stayOnlyWhereTheConfirmerSeesAFace() {
    Detection sure = new Detection(0.95f, 100, 100, 20, 20);
    Detection confirmed = new Detection(0.6f, 0, 0, 20, 20);
    Detection alone = new Detection(0.8f, 50, 0, 20, 20);
    Fixed confirmer =
        new Fixed(new Detection(0.7f, 2, 2, 20, 20), new Detection(0.7f, 49, 30, 20, 20));
    ConfirmedDetector detector =
        new ConfirmedDetector(
            new Fixed(sure, confirmed, alone), confirmer, DetectionOptions.tinyDefaults());
    assertEquals(List.of(sure, confirmed), detector.detect(IMAGE, DetectionOptions.ssdDefaults()));
    assertEquals(1, confirmer.calls().get());
  }
}
