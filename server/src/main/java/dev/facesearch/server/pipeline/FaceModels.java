package dev.facesearch.server.pipeline;

import dev.facesearch.models.dlib.DlibModels;
import dev.facesearch.server.align.DlibChipAligner;
import dev.facesearch.server.align.FaceAligner;
import dev.facesearch.server.align.OpenFaceAligner;
import dev.facesearch.server.core.FailedPreconditionException;
import dev.facesearch.server.core.UnavailableException;
import dev.facesearch.server.detect.ConfirmedDetector;
import dev.facesearch.server.detect.DetectionOptions;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.detect.FaceDetector;
import dev.facesearch.server.detect.HaarCascadeDetector;
import dev.facesearch.server.detect.OnnxFaceDetector;
import dev.facesearch.server.detect.TwoScaleDetector;
import dev.facesearch.server.detect.hog.HogFaceDetector;
import dev.facesearch.server.detect.hog.HogReframer;
import dev.facesearch.server.embed.EmbeddingModel;
import dev.facesearch.server.embed.FaceEmbedder;
import dev.facesearch.server.landmark.DlibLandmarker;
import dev.facesearch.server.landmark.FaceLandmarker;
import dev.facesearch.server.landmark.LandmarkDetector;
import dev.facesearch.server.landmark.LandmarkModel;
import dev.facesearch.server.landmark.Landmarker;
import dev.facesearch.server.landmark.ShapePredictor;
import dev.facesearch.server.model.ModelRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models the pipeline runs, each created on first use from the model registry: detectors,
 * landmark models, and per embedding model its aligner and embedder. It also knows the server's
 * default detector and landmark model, which depend on the models built.
 */
public final class FaceModels implements AutoCloseable {
  /** dlib's HOG frontal face detector, in the form {@code facesearch models} writes it. */
  public static final String DLIB_HOG = DlibModels.HOG;

  /** dlib's 68-point shape predictor, in the form {@code facesearch models} writes it. */
  public static final String DLIB_SHAPE_PREDICTOR = DlibModels.SHAPE_PREDICTOR;

  private final ModelRegistry registry;
  private final int predictors;
  private final Optional<LandmarkModel> landmarks;
  private final Map<DetectorKind, FaceDetector> detectors = new ConcurrentHashMap<>();
  private final Map<LandmarkModel, Landmarker> landmarkers = new ConcurrentHashMap<>();
  private final Map<EmbeddingModel, Embedding> embeddings = new ConcurrentHashMap<>();
  private volatile LandmarkDetector landmarkNet;
  private volatile HogFaceDetector hog;

  /**
   * How one embedding model wants its faces: cut out by this aligner, embedded by this embedder.
   *
   * @param aligner makes the chip
   * @param embedder embeds chips
   */
  public record Embedding(FaceAligner aligner, FaceEmbedder embedder) {}

  /**
   * Models with the automatic landmark default: dlib's shape predictor where it is built.
   *
   * @param predictors concurrent inferences per network
   */
  public FaceModels(ModelRegistry registry, int predictors) {
    this(registry, predictors, Optional.empty());
  }

  /**
   * @param predictors concurrent inferences per network
   * @param landmarks the operator's default landmark model; empty for the automatic one
   */
  public FaceModels(ModelRegistry registry, int predictors, Optional<LandmarkModel> landmarks) {
    this.registry = registry;
    this.predictors = predictors;
    this.landmarks = landmarks;
  }

  /**
   * The detector of this kind; the ONNX ones run at two scales ({@link TwoScaleDetector}), and
   * SSD's detections under 0.9 must be confirmed by the tiny detector ({@link ConfirmedDetector}).
   */
  public FaceDetector detector(DetectorKind kind) {
    // SSD's unsure detections are confirmed by the tiny detector (ConfirmedDetector); create that
    // one first, outside the map's computation.
    FaceDetector confirmer =
        kind == DetectorKind.SSD_MOBILENET_V1 ? detector(DetectorKind.TINY_FACE) : null;
    return detectors.computeIfAbsent(
        kind,
        k ->
            switch (k) {
              case SSD_MOBILENET_V1 ->
                  new ConfirmedDetector(
                      new TwoScaleDetector(OnnxFaceDetector.ssdMobilenetV1(registry, predictors)),
                      confirmer,
                      DetectionOptions.tinyDefaults());
              case TINY_FACE ->
                  new TwoScaleDetector(OnnxFaceDetector.tinyFaceDetector(registry, predictors));
              case HAAR_CASCADE -> HaarCascadeDetector.frontalFace();
              case DLIB_HOG -> hog();
            });
  }

  /** A landmark model. */
  public Landmarker landmarker(LandmarkModel model) {
    return landmarkers.computeIfAbsent(
        model,
        m ->
            switch (m) {
              case FACE_API -> {
                landmarkNet = LandmarkDetector.full(registry, predictors);
                yield new FaceLandmarker(landmarkNet);
              }
              case DLIB -> {
                requireBuilt(
                    DLIB_SHAPE_PREDICTOR, "dlib's shape predictor", "libdlib-data", "--dlib-data");
                yield new DlibLandmarker(
                    read(DLIB_SHAPE_PREDICTOR, ShapePredictor::read), new HogReframer(hog()));
              }
            });
  }

  /**
   * The server's detection defaults: dlib's own pipeline (HOG detector and shape predictor) where
   * its models are built, since ResNet-128 was trained on dlib's chips, else SSD and face-api's
   * landmark net; the operator's landmark model where one was set.
   */
  public DetectionSettings defaults() {
    return DetectionSettings.of(
        registry.entry(DLIB_HOG).isPresent()
            ? DetectorKind.DLIB_HOG
            : DetectorKind.SSD_MOBILENET_V1,
        landmarks.orElse(
            registry.entry(DLIB_SHAPE_PREDICTOR).isPresent()
                ? LandmarkModel.DLIB
                : LandmarkModel.FACE_API));
  }

  /** dlib's HOG detector, read once: it detects, and it reframes other detectors' faces. */
  private HogFaceDetector hog() {
    HogFaceDetector detector = hog;
    if (detector == null) {
      requireBuilt(DLIB_HOG, "dlib's HOG detector", "libdlib-dev", "--dlib-dev");
      synchronized (this) {
        if (hog == null) {
          hog = read(DLIB_HOG, HogFaceDetector::read);
        }
        detector = hog;
      }
    }
    return detector;
  }

  /**
   * Refuses a request for a dlib model this server was set up without: asking again cannot help.
   */
  private void requireBuilt(String name, String what, String debianPackage, String option) {
    if (registry.entry(name).isEmpty()) {
      throw new FailedPreconditionException(
          what
              + " is not built on this server: ./facesearch models makes it from Debian's "
              + debianPackage
              + " (apt-get download, or "
              + option
              + " FILE)");
    }
  }

  /** Reads a model the server runs itself from its checked file. */
  private <T> T read(String name, ModelReader<T> reader) {
    Path file = registry.file(name);
    try {
      return reader.read(file);
    } catch (IOException | IllegalArgumentException e) {
      throw new UnavailableException("model " + name + " could not be read from " + file, e);
    }
  }

  @FunctionalInterface
  private interface ModelReader<T> {
    T read(Path file) throws IOException;
  }

  /** The aligner and embedder of an embedding model. */
  public Embedding embedding(EmbeddingModel model) {
    return embeddings.computeIfAbsent(
        model,
        m ->
            switch (m) {
              case RESNET128 ->
                  new Embedding(
                      new DlibChipAligner(), FaceEmbedder.resnet128(registry, predictors));
              case OPENFACE -> {
                if (registry.entry("openface_nn4_small2_v1").isEmpty()) {
                  throw new FailedPreconditionException(
                      "OpenFace nn4.small2.v1 is not built on this server: its weights were not"
                          + " supplied (./facesearch models --openface-weights PATH)");
                }
                yield new Embedding(
                    new OpenFaceAligner(), FaceEmbedder.openFace(registry, predictors));
              }
              case EXTERNAL ->
                  throw new FailedPreconditionException(
                      "the external model has no embedder: send embeddings");
            });
  }

  @Override
  public void close() {
    detectors.values().forEach(FaceDetector::close);
    embeddings.values().forEach(e -> e.embedder().close());
    if (landmarkNet != null) {
      landmarkNet.close();
    }
  }
}
