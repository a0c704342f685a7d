package dev.facesearch.server.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.image.ImageDecoder;
import dev.facesearch.server.image.PngEncoder;
import dev.facesearch.server.model.ModelRegistry;
import dev.facesearch.server.pipeline.FaceModels;
import dev.facesearch.server.pipeline.FacePipeline;
import dev.facesearch.server.pipeline.ImageFaces;
import dev.facesearch.server.testing.HardCases;
import dev.facesearch.server.testing.SharedFaces;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whether a photo whose main content is a face yields a face, through the pipeline, for each
 * detector and for the server's defaults, on the hard copies of {@link HardCases}: the LFW photos
 * as they are (250x250), in grayscale, as tight 150x150 crops where the face fills the frame (as
 * LFW's own crops), and at half size (faces of 45-60 pixels). Every LFW image shows one person's
 * face; {@code dogs.jpg} shows none.
 *
 * <p>Prints, per configuration and copy, the share of images with a face (and, for the defaults,
 * how many of them only SSD found, after HOG found none). Measured on all 100 photos of each copy
 * (2026-12-03): HOG at upsample 0 found 100, 100, 100 and 35 (original, gray, crop, half), at
 * upsample 1 all; SSD 100, 99, 96, 100; tiny 99, 100, 84, 99; Haar 99, 99, 100, 99 and three faces
 * in the dogs; the defaults (HOG at upsample 1, then SSD) all, with no face in the dogs.
 */
class FacesFoundTest {
  private static ModelRegistry registry;
  private static FaceModels models;
  private static FacePipeline pipeline;

  /** The LFW cases per copy, encoded losslessly, so the pipeline decodes exactly these pixels. */
  private static Map<HardCases.Variant, List<byte[]>> lfw;

  private static byte[] dogs;

  @BeforeAll
  static void load() throws Exception {
    SharedFaces.assumePresent();
    registry = ModelRegistry.open(Path.of(System.getProperty("facesearch.models.out")), 1);
    models = new FaceModels(registry, 1);
    pipeline = new FacePipeline(new ImageDecoder(20 << 20, 40_000_000), models, 0);
    lfw = new LinkedHashMap<>();
    for (HardCases.Case c : HardCases.all()) {
      if (c.photo().startsWith("lfw-subset/")) {
        lfw.computeIfAbsent(c.variant(), v -> new ArrayList<>()).add(PngEncoder.encode(c.image()));
      }
    }
    dogs = SharedFaces.read("dlib-faces/dogs.jpg");
  }

  @AfterAll
  static void close() {
    if (models != null) {
      models.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  /** The share of images with at least one face, per copy; prints it. */
  private static Map<HardCases.Variant, Double> found(String name, DetectionSettings settings) {
    return found(name, settings, 1);
  }

  /**
   * The share of every {@code step}-th image with at least one face, per copy; prints it. The CNN
   * detectors take 50-150 ms an image here, so they are sampled.
   */
  private static Map<HardCases.Variant, Double> found(
      String name, DetectionSettings settings, int step) {
    DetectionSettings.Resolved resolved = pipeline.resolve(settings);
    Map<HardCases.Variant, Double> shares = new LinkedHashMap<>();
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-28s", name));
    for (Map.Entry<HardCases.Variant, List<byte[]>> copy : lfw.entrySet()) {
      int found = 0;
      int bySsd = 0;
      List<byte[]> images = new ArrayList<>();
      for (int i = 0; i < copy.getValue().size(); i += step) {
        images.add(copy.getValue().get(i));
      }
      for (byte[] image : images) {
        ImageFaces faces = pipeline.detect(image, resolved);
        if (!faces.faces().isEmpty()) {
          found++;
          if (faces.faces().get(0).detector() != resolved.detector()) {
            bySsd++;
          }
        }
      }
      double share = (double) found / images.size();
      shares.put(copy.getKey(), share);
      line.append(
          String.format(
              Locale.ROOT,
              "  %s %3d/%d%s",
              copy.getKey().label(),
              found,
              images.size(),
              bySsd > 0 ? " (" + bySsd + " by SSD)" : ""));
    }
    int dogFaces = pipeline.detect(dogs, resolved).faces().size();
    System.out.println(line + "  dogs.jpg " + dogFaces + " faces");
    return shares;
  }

  @Test
  void defaults_findTheFaceInNearlyEveryCopy_andNoneInTheDogs() {
    assumeTrue(registry.entry(FaceModels.DLIB_HOG).isPresent(), "dlib's models are not built here");
    Map<HardCases.Variant, Double> shares =
        found("defaults (HOG + SSD fallback)", DetectionSettings.NONE);
    assertTrue(shares.get(HardCases.Variant.ORIGINAL) >= 0.995, "LFW 250x250 " + shares);
    assertTrue(shares.get(HardCases.Variant.GRAY) >= 0.995, "grayscale " + shares);
    assertTrue(shares.get(HardCases.Variant.CROP150) >= 0.99, "150x150 crops " + shares);
    assertTrue(shares.get(HardCases.Variant.HALF) >= 0.95, "half size " + shares);
    assertEquals(0, pipeline.detect(dogs, pipeline.resolve(DetectionSettings.NONE)).faces().size());
  }

  /**
   * Each detector alone, for the record: HOG without upsampling cannot see the half-size faces
   * (under its 80-pixel window), which is what the fallback is for.
   */
  @Test
  void eachDetector_printsWhatItFinds() {
    assumeTrue(registry.entry(FaceModels.DLIB_HOG).isPresent(), "dlib's models are not built here");
    Map<HardCases.Variant, Double> hog0 =
        found(
            "HOG upsample 0, no fallback",
            new DetectionSettings(
                DetectorKind.DLIB_HOG, null, null, null, null, null, 0, false, null));
    Map<HardCases.Variant, Double> hog1 =
        found(
            "HOG upsample 1, no fallback",
            new DetectionSettings(
                DetectorKind.DLIB_HOG, null, null, null, null, null, 1, false, null));
    found("SSD MobileNet v1 (every 4th)", DetectionSettings.of(DetectorKind.SSD_MOBILENET_V1), 4);
    found("tiny face detector (every 4th)", DetectionSettings.of(DetectorKind.TINY_FACE), 4);
    found("Haar cascade (every 4th)", DetectionSettings.of(DetectorKind.HAAR_CASCADE), 4);
    assertTrue(
        hog1.get(HardCases.Variant.HALF) > hog0.get(HardCases.Variant.HALF),
        "upsampling finds smaller faces");
  }
}
