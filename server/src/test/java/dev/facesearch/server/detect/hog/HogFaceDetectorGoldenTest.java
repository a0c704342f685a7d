package dev.facesearch.server.detect.hog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.image.RgbImage;
import dev.facesearch.server.testing.DlibReference;
import dev.facesearch.server.testing.SharedFaces;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HOG detector against dlib 19.24's own detections ({@link DlibReference}): every shared photo
 * and its grey, cropped and half-size copies, at upsampling 0 and 1, must give dlib's boxes and
 * filters exactly, in dlib's order, with dlib's scores (the fixture keeps six decimals).
 */
class HogFaceDetectorGoldenTest {
  /** Half the fixture's last decimal, and a little for printing the double. */
  private static final double FIXTURE_ERROR = 0.5e-6 + 1e-12;

  @Test
  void detect_dlibCases_giveDlibsBoxesInDlibsOrder() throws IOException {
    SharedFaces.assumePresent();
    HogFaceDetector detector = HogFaceDetector.read(CompactModels.assumeFrontalFace());
    int cases = 0;
    int boxes = 0;
    double worst = 0;
    for (DlibReference.Entry entry : DlibReference.load()) {
      RgbImage image = entry.imageIfSame();
      if (image == null) {
        continue;
      }
      cases++;
      for (int upsample = 0; upsample <= 1; upsample++) {
        List<DlibReference.Face> dlib = entry.faces(upsample);
        List<HogDetection> ours = detector.detect(image, upsample, 0);
        String where = entry.source() + " at upsampling " + upsample;
        assertEquals(dlib.size(), ours.size(), where + ": " + ours);
        for (int i = 0; i < dlib.size(); i++) {
          DlibReference.Face d = dlib.get(i);
          HogDetection o = ours.get(i);
          assertEquals(
              List.of(d.left(), d.top(), d.right(), d.bottom(), d.filter()),
              List.of(o.left(), o.top(), o.right(), o.bottom(), o.filterIndex()),
              where + ", detection " + i);
          double difference = Math.abs(o.score() - d.score());
          assertTrue(
              difference <= FIXTURE_ERROR, where + ": score " + o.score() + " vs " + d.score());
          worst = Math.max(worst, difference);
          boxes++;
        }
      }
    }
    System.out.printf(
        "HOG vs dlib: %d cases, %d boxes identical in place, filter and order; worst score"
            + " difference %.2g (the fixture rounds to 1e-6)%n",
        cases, boxes, worst);
    assertTrue(cases > 0, "no case decodes to dlib's pixels here");
  }
}
