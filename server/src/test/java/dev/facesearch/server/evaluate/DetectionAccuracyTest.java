package dev.facesearch.server.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.facesearch.server.detect.Detection;
import dev.facesearch.server.detect.DetectionOptions;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.detect.FaceDetector;
import dev.facesearch.server.image.ImageDecoder;
import dev.facesearch.server.image.PngEncoder;
import dev.facesearch.server.image.RgbImage;
import dev.facesearch.server.model.ModelRegistry;
import dev.facesearch.server.pipeline.FaceFound;
import dev.facesearch.server.pipeline.FaceModels;
import dev.facesearch.server.pipeline.FacePipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The detectors against dlib's labelled faces (training.xml and testing.xml: 43 faces in 9 PASCAL
 * VOC photos, most of them 37 to 53 pixels wide): recall and false positives at IoU 0.4, matched
 * one to one.
 *
 * <p>Prints a line per photo and the totals, with how detected boxes sit against the labelled ones
 * (side ratio, centre shift) and the scores of hits and of false positives.
 */
class DetectionAccuracyTest {
  /** Looser than the usual 0.5: dlib's boxes are cut differently from face-api's. */
  static final double MIN_IOU = 0.4;

  private static ModelRegistry models;
  private static FaceModels faceModels;
  private static FaceDetector ssd;
  private static FaceDetector tiny;
  private static FacePipeline pipeline;
  private static List<Photo> photos;
  private static RgbImage dogs;

  /** A labelled photo, decoded. */
  private record Photo(ImglabDataset.Image labels, RgbImage pixels) {}

  @BeforeAll
  static void load() throws Exception {
    DlibFaces.assumeAvailable();
    photos = new ArrayList<>();
    for (ImglabDataset.Image image : DlibFaces.read("training.xml", "testing.xml")) {
      photos.add(new Photo(image, DlibFaces.decode(image.file())));
    }
    dogs = DlibFaces.decode("dogs.jpg");
    models = ModelRegistry.open(Path.of(System.getProperty("facesearch.models.out")), 1);
    // The detectors as the server runs them: at two scales (TwoScaleDetector).
    faceModels = new FaceModels(models, 1);
    ssd = faceModels.detector(DetectorKind.SSD_MOBILENET_V1);
    tiny = faceModels.detector(DetectorKind.TINY_FACE);
    pipeline = new FacePipeline(new ImageDecoder(20 << 20, 40_000_000), faceModels, 0);
  }

  @AfterAll
  static void close() {
    if (faceModels != null) {
      faceModels.close();
    }
    if (models != null) {
      models.close();
    }
  }

  /** Totals over the photos. */
  private record Tally(int images, int faces, int found, int falsePositives) {
    double recall() {
      return (double) found / faces;
    }

    double falsePositivesPerImage() {
      return (double) falsePositives / images;
    }
  }

  /** Runs a detector over every labelled photo, prints each photo's counts and the totals. */
  private static Tally evaluate(String name, FaceDetector detector, DetectionOptions options) {
    return evaluate(name, options, photo -> detector.detect(photo.pixels(), options));
  }

  /** The faces the whole pipeline finds with these settings (the CNN fallback included). */
  private static Tally evaluate(String name, DetectionSettings settings) {
    DetectionSettings.Resolved resolved = pipeline.resolve(settings);
    return evaluate(
        name,
        resolved.options(),
        photo ->
            pipeline.detect(PngEncoder.encode(photo.pixels()), resolved).faces().stream()
                .map(FaceFound::detection)
                .toList());
  }

  private static Tally evaluate(
      String name, DetectionOptions options, Function<Photo, List<Detection>> detector) {
    int faces = 0;
    int found = 0;
    int falsePositives = 0;
    List<Double> sideRatios = new ArrayList<>();
    List<Double> shiftsX = new ArrayList<>();
    List<Double> shiftsY = new ArrayList<>();
    List<Double> ious = new ArrayList<>();
    List<Double> hitScores = new ArrayList<>();
    List<Double> otherScores = new ArrayList<>();
    System.out.println("== " + name + " " + options);
    for (Photo photo : photos) {
      List<Detection> detections = detector.apply(photo);
      List<Box> boxes = detections.stream().map(Box::of).toList();
      BoxMatcher.Outcome outcome = BoxMatcher.match(photo.labels().faces(), boxes, MIN_IOU);
      faces += outcome.faces();
      found += outcome.found();
      falsePositives += outcome.falsePositives();
      boolean[] hit = new boolean[detections.size()];
      for (BoxMatcher.Match match : outcome.matches()) {
        Box label = photo.labels().faces().get(match.face()).box();
        Box box = boxes.get(match.detection());
        sideRatios.add(Math.sqrt(box.area() / label.area()));
        shiftsX.add((box.centreX() - label.centreX()) / label.width());
        shiftsY.add((box.centreY() - label.centreY()) / label.height());
        ious.add(match.iou());
        hitScores.add((double) detections.get(match.detection()).score());
        hit[match.detection()] = true;
      }
      for (int d = 0; d < detections.size(); d++) {
        if (!hit[d]) {
          otherScores.add((double) detections.get(d).score());
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%-16s faces %2d  found %2d  missed %2d  false positives %2d%n",
          photo.labels().file(),
          outcome.faces(),
          outcome.found(),
          outcome.misses(),
          outcome.falsePositives());
    }
    Tally tally = new Tally(photos.size(), faces, found, falsePositives);
    System.out.printf(
        Locale.ROOT,
        "%s at %d: recall %d/%d = %.3f, false positives %d = %.2f per image%n"
            + "  matched boxes: median IoU %.2f; side detected/labelled median %.2f (%.2f-%.2f);"
            + " centre shift median x %+.2f y %+.2f of the labelled side%n"
            + "  scores: hits min %.2f median %.2f; unmatched detections %s%n",
        name,
        options.inputSize(),
        found,
        faces,
        tally.recall(),
        falsePositives,
        tally.falsePositivesPerImage(),
        Statistics.median(ious),
        Statistics.median(sideRatios),
        Statistics.min(sideRatios),
        Statistics.max(sideRatios),
        Statistics.median(shiftsX),
        Statistics.median(shiftsY),
        Statistics.min(hitScores),
        Statistics.median(hitScores),
        otherScores.stream().map(s -> String.format(Locale.ROOT, "%.2f", s)).toList());
    return tally;
  }

  private static List<Detection> facesInDogs(FaceDetector detector, DetectionOptions options) {
    List<Detection> faces = detector.detect(dogs, options);
    System.out.println("dogs.jpg at " + options + ": " + faces);
    return faces;
  }

  /**
   * dlib's HOG detector: its 80-pixel window sees only the few larger faces without upsampling (11
   * of 43 here), all of them with one doubling (as dlib's own examples run it: 43 of 43, no false
   * positive), and nothing in the dogs.
   */
  @Test
  void hog_labelledPhotos_needUpsamplingForTheseSmallFaces() {
    assumeTrue(models.entry(FaceModels.DLIB_HOG).isPresent(), "dlib's models are not built here");
    FaceDetector hog = faceModels.detector(DetectorKind.DLIB_HOG);
    DetectionOptions once = new DetectionOptions(0.5f, 0.5f, 100, 416, 1);
    Tally at0 = evaluate("dlib HOG", hog, new DetectionOptions(0.5f, 0.5f, 100, 416, 0));
    Tally at1 = evaluate("dlib HOG", hog, once);
    assertTrue(at0.recall() <= 0.4, "HOG recall without upsampling " + at0.recall());
    assertTrue(at1.recall() >= 0.9, "HOG recall at upsample 1 " + at1.recall());
    assertTrue(at1.falsePositivesPerImage() <= 0.5, "HOG false positives " + at1);
    assertEquals(List.of(), facesInDogs(hog, once));
  }

  /**
   * The server's defaults: HOG doubles these photos (all within its scan budget), so it finds what
   * HOG at upsample 1 finds; no face in the dogs. (Without upsampling it found the few larger faces
   * of some photos, so SSD did not look again there: 37 of 43.)
   */
  @Test
  void defaults_labelledPhotos_findWhatHogFindsUpsampledOnce() {
    assumeTrue(models.entry(FaceModels.DLIB_HOG).isPresent(), "dlib's models are not built here");
    Tally tally = evaluate("defaults", DetectionSettings.NONE);
    assertTrue(tally.recall() >= 0.95, "default recall " + tally.recall());
    assertTrue(tally.falsePositivesPerImage() <= 1, "default false positives " + tally);
    assertEquals(
        0,
        pipeline
            .detect(PngEncoder.encode(dogs), pipeline.resolve(DetectionSettings.NONE))
            .faces()
            .size());
  }

  @Test
  void ssd_labelledPhotos_findNineInTenFacesWithAtMostOneFalsePositivePerImage() {
    Tally tally = evaluate("ssd_mobilenetv1", ssd, DetectionOptions.ssdDefaults());
    assertTrue(tally.recall() >= 0.9, "SSD recall " + tally.recall());
    assertTrue(
        tally.falsePositivesPerImage() <= 1,
        "SSD false positives per image " + tally.falsePositivesPerImage());
  }

  /**
   * The photo of four dogs: no face at the default threshold. SSD alone reports two dog faces
   * (0.79, which face-api itself reports too, and 0.84 from the zoomed-out pass); no threshold
   * separates them from real faces, which score as low as 0.58. The server's SSD keeps a detection
   * under 0.9 only when the tiny detector also sees a face there ({@code ConfirmedDetector}), and
   * the tiny detector does not see the dogs.
   */
  @Test
  void ssd_dogs_noFaceAtTheDefaultThreshold() {
    assertEquals(List.of(), facesInDogs(ssd, DetectionOptions.ssdDefaults()));
  }

  /**
   * The tiny detector misses the smallest faces at its default input of 416 (the photos shrink to
   * about 83%, the 37-pixel faces to 31); at 608 it finds most of them. At its default size it sees
   * no face in the dogs; at 608 it sees one dog face (0.68), printed, not asserted.
   */
  @Test
  void tiny_labelledPhotos_findMoreFacesAtInput608ThanAt416() {
    Tally at416 = evaluate("tiny_face_detector", tiny, DetectionOptions.tinyDefaults());
    DetectionOptions larger = new DetectionOptions(0.5f, 0.4f, 100, 608);
    Tally at608 = evaluate("tiny_face_detector", tiny, larger);
    assertTrue(at416.recall() >= 0.5, "tiny recall at 416 " + at416.recall());
    assertTrue(at608.recall() >= 0.8, "tiny recall at 608 " + at608.recall());
    assertTrue(at608.recall() > at416.recall(), at608.recall() + " <= " + at416.recall());
    assertTrue(at416.falsePositivesPerImage() <= 1, "tiny FP/image at 416");
    assertTrue(at608.falsePositivesPerImage() <= 1, "tiny FP/image at 608");
    assertEquals(List.of(), facesInDogs(tiny, DetectionOptions.tinyDefaults()));
    facesInDogs(tiny, larger);
  }
}
