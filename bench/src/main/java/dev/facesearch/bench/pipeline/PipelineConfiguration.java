package dev.facesearch.bench.pipeline;

import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.landmark.LandmarkModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One way through the pipeline that the bench measures: a detector (dlib's HOG at a given
 * upsampling) and a landmark model; everything else is the server's default, including SSD looking
 * again where HOG finds no face.
 *
 * @param detector the detector
 * @param upsample how many times HOG doubles the image first; 0 for the other detectors
 * @param landmarks the landmark model
 */
public record PipelineConfiguration(DetectorKind detector, int upsample, LandmarkModel landmarks) {
  public PipelineConfiguration {
    Objects.requireNonNull(detector, "detector");
    Objects.requireNonNull(landmarks, "landmarks");
    if (upsample != 0 && detector != DetectorKind.DLIB_HOG) {
      throw new IllegalArgumentException("only dlib's HOG detector upsamples, not " + detector);
    }
  }

  /** dlib's own pipeline, the server's default where its models are built. */
  public static final PipelineConfiguration DLIB_PATH =
      new PipelineConfiguration(DetectorKind.DLIB_HOG, 0, LandmarkModel.DLIB);

  /** The server's default before dlib's pipeline: SSD and face-api's landmark net. */
  public static final PipelineConfiguration OLD_DEFAULT =
      new PipelineConfiguration(DetectorKind.SSD_MOBILENET_V1, 0, LandmarkModel.FACE_API);

  /** dlib's pipeline with the image doubled first, as dlib's examples run it. */
  public static final PipelineConfiguration DLIB_PATH_UPSAMPLED =
      new PipelineConfiguration(DetectorKind.DLIB_HOG, 1, LandmarkModel.DLIB);

  /** The quick plan's configurations: dlib's path, at upsampling 0 and 1, and the old default. */
  public static List<PipelineConfiguration> quick() {
    return List.of(DLIB_PATH, DLIB_PATH_UPSAMPLED, OLD_DEFAULT);
  }

  /**
   * Every detector with every landmark model, HOG at upsampling 0 and 1: dlib's path first, then by
   * detector.
   */
  public static List<PipelineConfiguration> all() {
    List<PipelineConfiguration> all = new ArrayList<>();
    for (int upsample = 0; upsample <= 1; upsample++) {
      for (LandmarkModel landmarks : List.of(LandmarkModel.DLIB, LandmarkModel.FACE_API)) {
        all.add(new PipelineConfiguration(DetectorKind.DLIB_HOG, upsample, landmarks));
      }
    }
    for (DetectorKind detector :
        List.of(DetectorKind.SSD_MOBILENET_V1, DetectorKind.TINY_FACE, DetectorKind.HAAR_CASCADE)) {
      for (LandmarkModel landmarks : List.of(LandmarkModel.DLIB, LandmarkModel.FACE_API)) {
        all.add(new PipelineConfiguration(detector, 0, landmarks));
      }
    }
    return all;
  }

  /** Whether it runs a model read from dlib's files (the HOG detector or the shape predictor). */
  public boolean needsDlib() {
    // The shape predictor also runs HOG, to redraw other detectors' boxes in dlib's framing.
    return detector == DetectorKind.DLIB_HOG || landmarks == LandmarkModel.DLIB;
  }

  /** The request's settings: the detector, its upsampling and the landmark model, nothing else. */
  public DetectionSettings settings() {
    return new DetectionSettings(
        detector,
        null,
        null,
        null,
        null,
        null,
        detector == DetectorKind.DLIB_HOG ? upsample : null,
        null,
        landmarks);
  }

  /** The detector's name in tables, with HOG's upsampling. */
  public String detectorName() {
    return name(detector) + (detector == DetectorKind.DLIB_HOG ? " up" + upsample : "");
  }

  /** The landmark model's name in tables. */
  public String landmarksName() {
    return name(landmarks);
  }

  /** A short name of a resolved configuration, such as the server's default, for titles. */
  public static String describe(DetectionSettings.Resolved resolved) {
    String detector = name(resolved.detector());
    if (resolved.detector() == DetectorKind.DLIB_HOG) {
      detector +=
          " at upsample "
              + resolved.options().upsample()
              + (resolved.cnnFallback() ? ", SSD where HOG finds no face" : "");
    }
    return detector + ", " + name(resolved.landmarks()) + " landmarks";
  }

  static String name(DetectorKind detector) {
    return switch (detector) {
      case DLIB_HOG -> "dlib HOG";
      case SSD_MOBILENET_V1 -> "SSD";
      case TINY_FACE -> "tiny";
      case HAAR_CASCADE -> "Haar";
    };
  }

  static String name(LandmarkModel landmarks) {
    return switch (landmarks) {
      case DLIB -> "dlib 68";
      case FACE_API -> "face-api";
    };
  }
}
