package dev.facesearch.server.landmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.detect.Detection;
import dev.facesearch.server.detect.DetectionOptions;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.detect.FaceDetector;
import dev.facesearch.server.image.RgbImage;
import dev.facesearch.server.model.ModelRegistry;
import dev.facesearch.server.pipeline.FaceModels;
import dev.facesearch.server.testing.DlibMatches;
import dev.facesearch.server.testing.DlibReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * dlib's landmarks end to end, as the pipeline wires them ({@link FaceModels}): on HOG's boxes they
 * are dlib's own rounded points; on SSD's boxes, moved onto dlib's framing and redrawn by HOG, they
 * are within a small fraction of the eye distance of dlib's.
 */
class DlibLandmarkerTest {
  /** The fixture's rounding (0.005) and the four decimals before it, as in the golden test. */
  private static final double FIXTURE_ERROR = 0.005 + 0.00005;

  private static final int RIGHT_EYE_OUTER = 36;
  private static final int LEFT_EYE_OUTER = 45;

  private static ModelRegistry registry;
  private static FaceModels models;

  @BeforeAll
  static void open() throws IOException {
    registry = ModelRegistry.open(DlibMatches.assumeModels(), 1);
    models = new FaceModels(registry, 1);
  }

  @AfterAll
  static void close() {
    if (models != null) {
      models.close();
      registry.close();
    }
  }

  @Test
  void landmarks_hogBoxes_areDlibsRoundedPoints() {
    Landmarker landmarker = models.landmarker(LandmarkModel.DLIB);
    FaceDetector hog = models.detector(DetectorKind.DLIB_HOG);
    // The fixture's landmarks are on the boxes found at upsampling 1.
    DetectionOptions options =
        new DetectionSettings(DetectorKind.DLIB_HOG, null, null, null, null, null, 1, null, null)
            .resolve()
            .options();
    int faces = 0;
    int compared = 0;
    int differ = 0;
    for (DlibReference.Entry entry : DlibReference.load()) {
      RgbImage image = entry.imageIfSame();
      if (image == null) {
        continue;
      }
      List<Detection> boxes = hog.detect(image, options);
      List<float[]> points = landmarker.landmarks(image, boxes, DetectorKind.DLIB_HOG);
      for (DlibReference.Face face : entry.faces(1)) {
        int i = indexOf(boxes, DlibMatches.box(face));
        assertTrue(i >= 0, entry.source() + ": HOG lost dlib's box " + face);
        float[] ours = points.get(i);
        float[] dlib = face.landmarks();
        faces++;
        for (int v = 0; v < dlib.length; v++) {
          double fraction = dlib[v] - Math.floor(dlib[v]);
          if (Math.abs(fraction - 0.5) <= FIXTURE_ERROR + Math.ulp(dlib[v]) + 1e-6) {
            continue; // too near a half pixel to know which way dlib rounded
          }
          compared++;
          if (ours[v] != (float) Math.floor(dlib[v] + 0.5)) {
            differ++;
          }
        }
      }
    }
    System.out.printf(
        "dlib landmarks on HOG boxes: %d faces, %d rounded values compared, %d differ%n",
        faces, compared, differ);
    assertTrue(faces > 500, "faces: " + faces);
    assertTrue(compared > 130 * faces, "most values decide their rounding: " + compared);
    assertEquals(0, differ, "rounded values that differ from dlib's");
  }

  /** Where dlib's box is among ours (same pixels, whatever the score), or -1. */
  private static int indexOf(List<Detection> boxes, Detection dlib) {
    for (int i = 0; i < boxes.size(); i++) {
      Detection box = boxes.get(i);
      if (box.x() == dlib.x()
          && box.y() == dlib.y()
          && box.width() == dlib.width()
          && box.height() == dlib.height()) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void landmarks_ssdBoxes_areNearDlibsPoints() {
    Landmarker landmarker = models.landmarker(LandmarkModel.DLIB);
    List<Double> errors = new ArrayList<>();
    List<Double> pixels = new ArrayList<>();
    for (DlibMatches.Pair pair : DlibMatches.of(DetectorKind.SSD_MOBILENET_V1)) {
      float[] ours =
          landmarker
              .landmarks(
                  pair.entry().imageIfSame(), List.of(pair.found()), DetectorKind.SSD_MOBILENET_V1)
              .getFirst();
      float[] dlib = pair.dlib().landmarks();
      double eyes =
          Math.hypot(
              dlib[2 * RIGHT_EYE_OUTER] - dlib[2 * LEFT_EYE_OUTER],
              dlib[2 * RIGHT_EYE_OUTER + 1] - dlib[2 * LEFT_EYE_OUTER + 1]);
      double sum = 0;
      for (int p = 0; p < 68; p++) {
        sum += Math.hypot(ours[2 * p] - dlib[2 * p], ours[2 * p + 1] - dlib[2 * p + 1]);
      }
      pixels.add(sum / 68);
      errors.add(sum / 68 / eyes);
    }
    double mean = errors.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double median = DlibMatches.quantile(errors, 0.5);
    double tenth = DlibMatches.quantile(errors, 0.9);
    System.out.printf(
        "dlib landmarks on SSD boxes: %d faces; mean point error over the eye distance: median"
            + " %.4f, 90%% %.4f, mean %.4f, max %.4f (median %.2f px)%n",
        errors.size(),
        median,
        tenth,
        mean,
        DlibMatches.quantile(errors, 1),
        DlibMatches.quantile(pixels, 0.5));
    // Measured: median 0.013, 90% 0.03, mean 0.021, max 0.84 (one face HOG does not redraw).
    assertTrue(errors.size() > 150, "faces: " + errors.size());
    assertTrue(median <= 0.02, "median " + median);
    assertTrue(tenth <= 0.05, "90th percentile " + tenth);
    assertTrue(mean <= 0.035, "mean " + mean);
  }
}
