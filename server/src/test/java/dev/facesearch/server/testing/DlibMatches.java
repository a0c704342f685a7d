package dev.facesearch.server.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.facesearch.server.detect.Detection;
import dev.facesearch.server.detect.DetectionOptions;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.detect.FaceDetector;
import dev.facesearch.server.image.RgbImage;
import dev.facesearch.server.model.ModelRegistry;
import dev.facesearch.server.pipeline.FaceModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Other detectors' boxes on the shared photos, each paired with dlib's box of the same face from
 * the golden fixture ({@link DlibReference}): what the framing map, the HOG reframer and dlib's
 * landmarks on other detectors' faces are measured against.
 *
 * <p>Only the photos as they are ({@link HardCases.Variant#ORIGINAL}, 153 photos, about 200 faces
 * per detector), where the framing factors were measured. A detector's box is paired with the dlib
 * box (at upsampling 1) it overlaps most, by IoU at least {@link #MIN_IOU}. The pairs are computed
 * once per detector and kept for the test run, since SSD takes some 20 s over the photos.
 */
public final class DlibMatches {
  private DlibMatches() {}

  /** Lowest overlap for a pair: a box this far off is another face or none. */
  public static final double MIN_IOU = 0.3;

  private static final Map<DetectorKind, List<Pair>> PAIRS = new EnumMap<>(DetectorKind.class);

  /**
   * A face that both dlib and another detector found.
   *
   * @param entry the fixture's case
   * @param dlib dlib's detection, with its landmarks
   * @param found the other detector's box, as it drew it
   */
  public record Pair(DlibReference.Entry entry, DlibReference.Face dlib, Detection found) {
    /** dlib's box as a detection. */
    public Detection dlibBox() {
      return box(dlib);
    }
  }

  /** The folder of the models the build made; skips the calling test when there is none. */
  public static Path assumeModels() {
    SharedFaces.assumePresent();
    Path folder = Path.of(System.getProperty("facesearch.models.out", "../models/target/onnx"));
    assumeTrue(
        Files.isRegularFile(folder.resolve("models.json"))
            && Files.isRegularFile(folder.resolve(FaceModels.DLIB_HOG + ".bin"))
            && Files.isRegularFile(folder.resolve(FaceModels.DLIB_SHAPE_PREDICTOR + ".bin")),
        "needs the models in " + folder + " (./facesearch models)");
    return folder;
  }

  /** The faces this detector (with its default options) and dlib both found. */
  public static synchronized List<Pair> of(DetectorKind kind) {
    Path folder = assumeModels();
    List<Pair> pairs = PAIRS.get(kind);
    if (pairs == null) {
      try (ModelRegistry registry = ModelRegistry.open(folder, 1);
          FaceModels models = new FaceModels(registry, 1)) {
        pairs = List.copyOf(pair(models.detector(kind), kind));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      PAIRS.put(kind, pairs);
    }
    return pairs;
  }

  private static List<Pair> pair(FaceDetector detector, DetectorKind kind) {
    DetectionOptions options = DetectionSettings.of(kind).resolve().options();
    List<Pair> pairs = new ArrayList<>();
    for (DlibReference.Entry entry : DlibReference.load()) {
      if (entry.source().variant() != HardCases.Variant.ORIGINAL) {
        continue;
      }
      RgbImage image = entry.imageIfSame();
      if (image == null) {
        continue;
      }
      List<Detection> found = detector.detect(image, options);
      for (DlibReference.Face face : entry.faces(1)) {
        Detection best = null;
        double overlap = MIN_IOU;
        for (Detection d : found) {
          double iou = iou(d, box(face));
          if (iou >= overlap) {
            overlap = iou;
            best = d;
          }
        }
        if (best != null) {
          pairs.add(new Pair(entry, face, best));
        }
      }
    }
    return pairs;
  }

  /** dlib's inclusive pixel rectangle as a detection covering the same pixels. */
  public static Detection box(DlibReference.Face face) {
    return new Detection(
        1f,
        face.left(),
        face.top(),
        face.right() - face.left() + 1,
        face.bottom() - face.top() + 1);
  }

  /** Intersection over union of two boxes; 0 when they do not overlap. */
  public static double iou(Detection a, Detection b) {
    double w = Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x());
    double h = Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y());
    if (!(w > 0 && h > 0)) {
      return 0;
    }
    double intersection = w * h;
    return intersection / ((double) a.area() + b.area() - intersection);
  }

  /** The value at this fraction of the sorted values (0: the least, 0.5: the median). */
  public static double quantile(List<Double> values, double fraction) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted[(int) Math.round(fraction * (sorted.length - 1))];
  }
}
