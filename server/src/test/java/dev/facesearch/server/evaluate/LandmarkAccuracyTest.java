package dev.facesearch.server.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.facesearch.server.detect.Detection;
import dev.facesearch.server.detect.DetectionOptions;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.detect.FaceDetector;
import dev.facesearch.server.image.RgbImage;
import dev.facesearch.server.landmark.FaceLandmarker;
import dev.facesearch.server.landmark.LandmarkDetector;
import dev.facesearch.server.landmark.LandmarkModel;
import dev.facesearch.server.landmark.Landmarker;
import dev.facesearch.server.model.ModelRegistry;
import dev.facesearch.server.pipeline.FaceModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The landmark nets against the 68 points given with dlib's example faces ({@code
 * *_with_face_landmarks.xml}, 43 faces), as the mean point-to-point distance over the inter-ocular
 * distance (outer eye corners 36 and 45 of the reference).
 *
 * <p>Each face's box is the SSD detection matching its labelled box (IoU at least 0.4); faces SSD
 * misses are counted, and every face is also tried on its labelled box itself. Note that the
 * reference points are not hand-placed: the XML says they are the output of dlib's
 * shape_predictor_68_face_landmarks, so this measures agreement with that model. Most of the
 * disagreement is in the jaw line, which face-api's nets place about a tenth of the eye distance
 * higher than dlib's; the error is printed by region.
 */
class LandmarkAccuracyTest {
  private static final int POINTS = 68;

  /** The boxes given to face-api's nets: as they are, as SSD's are (no reframing). */
  private static final DetectorKind SSD = DetectorKind.SSD_MOBILENET_V1;

  private static final int RIGHT_EYE_OUTER = 36;
  private static final int LEFT_EYE_OUTER = 45;

  /** The 68-point scheme's regions, by first point: jaw, brows, nose, eyes, mouth. */
  private static final String[] REGIONS = {"jaw", "brows", "nose", "eyes", "mouth"};

  private static final int[] REGION_STARTS = {0, 17, 27, 36, 48, POINTS};

  private static ModelRegistry models;
  private static FaceModels faceModels;
  private static FaceDetector ssd;
  private static LandmarkDetector fullNet;
  private static LandmarkDetector tinyNet;
  private static List<FaceResult> results;

  /**
   * For the full net on SSD boxes, per region: the summed distance and vertical offset (found minus
   * reference) over the inter-ocular distance, and the number of points.
   */
  private static double[][] regionSums;

  /**
   * One reference face and the errors of each net; NaN where the face had no detection.
   *
   * @param name photo and face number
   * @param interOcular pixels between the reference's outer eye corners
   * @param iou of the matched detection with the labelled box, 0 when SSD missed the face
   */
  private record FaceResult(
      String name,
      double interOcular,
      double iou,
      double fullOnDetection,
      double tinyOnDetection,
      double fullOnLabel,
      double tinyOnLabel) {
    boolean detected() {
      return iou > 0;
    }
  }

  @BeforeAll
  static void evaluate() throws Exception {
    DlibFaces.assumeAvailable();
    models = ModelRegistry.open(Path.of(System.getProperty("facesearch.models.out")), 1);
    faceModels = new FaceModels(models, 1);
    ssd = faceModels.detector(DetectorKind.SSD_MOBILENET_V1);
    fullNet = LandmarkDetector.full(models, 1);
    tinyNet = LandmarkDetector.tiny(models, 1);
    FaceLandmarker full = new FaceLandmarker(fullNet);
    FaceLandmarker tiny = new FaceLandmarker(tinyNet);
    results = new ArrayList<>();
    regionSums = new double[REGIONS.length][3];
    for (ImglabDataset.Image image :
        DlibFaces.read("training_with_face_landmarks.xml", "testing_with_face_landmarks.xml")) {
      RgbImage pixels = DlibFaces.decode(image.file());
      List<ImglabDataset.Face> faces = image.faces();
      List<Detection> detections = ssd.detect(pixels, DetectionOptions.ssdDefaults());
      BoxMatcher.Outcome outcome =
          BoxMatcher.match(
              faces, detections.stream().map(Box::of).toList(), DetectionAccuracyTest.MIN_IOU);
      // One box per face: its detection, or (for a missed face) its labelled box as a stand-in.
      List<Detection> detected =
          new ArrayList<>(faces.stream().map(f -> f.box().asDetection()).toList());
      double[] ious = new double[faces.size()];
      for (BoxMatcher.Match match : outcome.matches()) {
        detected.set(match.face(), detections.get(match.detection()));
        ious[match.face()] = match.iou();
      }
      List<Detection> labelled = faces.stream().map(f -> f.box().asDetection()).toList();
      List<float[]> fullDetected = full.landmarks(pixels, detected, SSD);
      List<float[]> tinyDetected = tiny.landmarks(pixels, detected, SSD);
      List<float[]> fullLabelled = full.landmarks(pixels, labelled, SSD);
      List<float[]> tinyLabelled = tiny.landmarks(pixels, labelled, SSD);
      for (int f = 0; f < faces.size(); f++) {
        float[] reference = faces.get(f).points();
        assertEquals(POINTS, faces.get(f).pointCount(), image.file() + " face " + f);
        boolean hit = ious[f] > 0;
        if (hit) {
          addToRegions(fullDetected.get(f), reference);
        }
        results.add(
            new FaceResult(
                image.file() + "#" + f,
                interOcular(reference),
                ious[f],
                hit ? error(fullDetected.get(f), reference) : Double.NaN,
                hit ? error(tinyDetected.get(f), reference) : Double.NaN,
                error(fullLabelled.get(f), reference),
                error(tinyLabelled.get(f), reference)));
      }
    }
    print();
  }

  @AfterAll
  static void close() {
    for (AutoCloseable resource : new AutoCloseable[] {tinyNet, fullNet, faceModels, models}) {
      if (resource != null) {
        try {
          resource.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private static double interOcular(float[] points) {
    return Math.hypot(
        points[2 * LEFT_EYE_OUTER] - points[2 * RIGHT_EYE_OUTER],
        points[2 * LEFT_EYE_OUTER + 1] - points[2 * RIGHT_EYE_OUTER + 1]);
  }

  /** Mean point-to-point distance over the reference's inter-ocular distance. */
  private static double error(float[] found, float[] reference) {
    double sum = 0;
    for (int i = 0; i < POINTS; i++) {
      sum += Math.hypot(found[2 * i] - reference[2 * i], found[2 * i + 1] - reference[2 * i + 1]);
    }
    return sum / POINTS / interOcular(reference);
  }

  private static void addToRegions(float[] found, float[] reference) {
    double interOcular = interOcular(reference);
    for (int region = 0; region < REGIONS.length; region++) {
      for (int i = REGION_STARTS[region]; i < REGION_STARTS[region + 1]; i++) {
        double dx = found[2 * i] - reference[2 * i];
        double dy = found[2 * i + 1] - reference[2 * i + 1];
        regionSums[region][0] += Math.hypot(dx, dy) / interOcular;
        regionSums[region][1] += dy / interOcular;
        regionSums[region][2]++;
      }
    }
  }

  private static List<Double> column(ToDoubleFunction<FaceResult> value, boolean detectedOnly) {
    return results.stream()
        .filter(r -> !detectedOnly || r.detected())
        .mapToDouble(value)
        .boxed()
        .toList();
  }

  private static void print() {
    System.out.println(
        "face                  IOD px  IoU   full/det tiny/det full/label tiny/label");
    for (FaceResult r : results) {
      System.out.printf(
          Locale.ROOT,
          "%-20s %6.1f  %4.2f  %8.3f %8.3f %10.3f %10.3f%n",
          r.name(),
          r.interOcular(),
          r.iou(),
          r.fullOnDetection(),
          r.tinyOnDetection(),
          r.fullOnLabel(),
          r.tinyOnLabel());
    }
    long missed = results.stream().filter(r -> !r.detected()).count();
    System.out.printf(
        Locale.ROOT,
        "%d faces, %d without an SSD detection%n"
            + "on SSD boxes (%d faces): full mean %.3f median %.3f max %.3f; tiny mean %.3f median"
            + " %.3f max %.3f%n"
            + "on labelled boxes (all faces): full mean %.3f median %.3f; tiny mean %.3f median"
            + " %.3f%n",
        results.size(),
        missed,
        results.size() - missed,
        Statistics.mean(column(FaceResult::fullOnDetection, true)),
        Statistics.median(column(FaceResult::fullOnDetection, true)),
        Statistics.max(column(FaceResult::fullOnDetection, true)),
        Statistics.mean(column(FaceResult::tinyOnDetection, true)),
        Statistics.median(column(FaceResult::tinyOnDetection, true)),
        Statistics.max(column(FaceResult::tinyOnDetection, true)),
        Statistics.mean(column(FaceResult::fullOnLabel, false)),
        Statistics.median(column(FaceResult::fullOnLabel, false)),
        Statistics.mean(column(FaceResult::tinyOnLabel, false)),
        Statistics.median(column(FaceResult::tinyOnLabel, false)));
    System.out.print("full net on SSD boxes by region (mean distance, mean vertical offset):");
    for (int region = 0; region < REGIONS.length; region++) {
      double count = regionSums[region][2];
      System.out.printf(
          Locale.ROOT,
          " %s %.3f %+.3f;",
          REGIONS[region],
          regionSums[region][0] / count,
          regionSums[region][1] / count);
    }
    System.out.println();
  }

  /**
   * dlib's shape predictor, the default landmark model: the reference points are its own output (on
   * boxes we do not have), so on the labelled boxes, and on the faces the default detector finds
   * (dlib's HOG at upsample 1, matched to the labelled boxes), the error is a small fraction of
   * face-api's.
   */
  @Test
  void dlibShapePredictor_agreesWithItsOwnReferencePoints() throws Exception {
    assumeTrue(
        models.entry(FaceModels.DLIB_SHAPE_PREDICTOR).isPresent(),
        "dlib's shape predictor is not built here");
    Landmarker dlib = faceModels.landmarker(LandmarkModel.DLIB);
    FaceDetector hog = faceModels.detector(DetectorKind.DLIB_HOG);
    List<Double> onLabels = new ArrayList<>();
    List<Double> onHog = new ArrayList<>();
    for (ImglabDataset.Image image :
        DlibFaces.read("training_with_face_landmarks.xml", "testing_with_face_landmarks.xml")) {
      RgbImage pixels = DlibFaces.decode(image.file());
      List<ImglabDataset.Face> faces = image.faces();
      List<Detection> labelled = faces.stream().map(f -> f.box().asDetection()).toList();
      List<float[]> found = dlib.landmarks(pixels, labelled, DetectorKind.DLIB_HOG);
      List<Detection> detections =
          hog.detect(pixels, new DetectionOptions(0.5f, 0.5f, 100, 416, 1));
      BoxMatcher.Outcome outcome =
          BoxMatcher.match(
              faces, detections.stream().map(Box::of).toList(), DetectionAccuracyTest.MIN_IOU);
      for (int f = 0; f < faces.size(); f++) {
        onLabels.add(error(found.get(f), faces.get(f).points()));
      }
      for (BoxMatcher.Match match : outcome.matches()) {
        float[] points =
            dlib.landmarks(
                    pixels, List.of(detections.get(match.detection())), DetectorKind.DLIB_HOG)
                .get(0);
        onHog.add(error(points, faces.get(match.face()).points()));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "dlib shape predictor: on labelled boxes (%d faces) mean %.3f median %.3f max %.3f;"
            + " on HOG boxes (%d faces) mean %.3f median %.3f max %.3f%n",
        onLabels.size(),
        Statistics.mean(onLabels),
        Statistics.median(onLabels),
        Statistics.max(onLabels),
        onHog.size(),
        Statistics.mean(onHog),
        Statistics.median(onHog),
        Statistics.max(onHog));
    assertTrue(Statistics.median(onLabels) <= 0.001, "on labelled boxes " + onLabels);
    assertTrue(Statistics.mean(onLabels) <= 0.01, "on labelled boxes " + onLabels);
    assertTrue(Statistics.mean(onHog) <= 0.04, "on HOG boxes " + onHog);
    assertTrue(onHog.size() >= 40, "faces HOG found " + onHog.size());
  }

  @Test
  void ssd_landmarkedFaces_missesAtMostOneInTen() {
    long missed = results.stream().filter(r -> !r.detected()).count();
    assertTrue(missed <= results.size() / 10, missed + " of " + results.size() + " faces missed");
  }

  @Test
  void fullNet_onSsdBoxes_meanErrorAtMostATenthOfTheEyeDistance() {
    double mean = Statistics.mean(column(FaceResult::fullOnDetection, true));
    assertTrue(mean <= 0.10, "full net mean error " + mean);
  }

  /** The fallback for faces SSD misses: the labelled box serves as well as a detection. */
  @Test
  void fullNet_onLabelledBoxes_meanErrorAtMostATenthOfTheEyeDistance() {
    double mean = Statistics.mean(column(FaceResult::fullOnLabel, false));
    assertTrue(mean <= 0.10, "full net mean error on labelled boxes " + mean);
  }

  /**
   * The tiny net matches the full one on most faces but fails on a few of the smallest (eye
   * distance 15 to 17 pixels), which pull its mean up (to about 0.11, bounded here at 0.15); its
   * median stays within a tenth.
   */
  @Test
  void tinyNet_onSsdBoxes_medianErrorAtMostATenth() {
    List<Double> errors = column(FaceResult::tinyOnDetection, true);
    assertTrue(Statistics.median(errors) <= 0.10, "tiny net median " + Statistics.median(errors));
    assertTrue(Statistics.mean(errors) <= 0.15, "tiny net mean " + Statistics.mean(errors));
  }
}
