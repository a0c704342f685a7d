package dev.facesearch.server.pipeline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.facesearch.server.detect.Detection;
import dev.facesearch.server.detect.DetectionOptions;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.embed.EmbeddingModel;
import dev.facesearch.server.image.ImageDecoder;
import dev.facesearch.server.image.RgbImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The image pipeline: decode, detect (with SSD looking again where dlib's HOG detector found no
 * face), 68 landmarks, align, embed.
 *
 * <p>All faces of an image go through the landmark net in one batch and through the embedding net
 * in one batch. Results are cached by (embedding model, detection settings, SHA-256 of the image
 * bytes), bounded by their size: a repeated image skips every stage. Each stage's latency is
 * recorded in {@link #stats()}.
 */
public final class FacePipeline {
  private final ImageDecoder decoder;
  private final FaceModels models;
  private final Cache<Key, ImageFaces> cache;
  private final PipelineStats stats = new PipelineStats();
  private final PipelineGate gate;

  /** A cache key: equal keys give equal results. */
  private record Key(
      EmbeddingModel model, DetectionSettings.Resolved detection, String contentHash) {}

  /**
   * A pipeline that never waits and never stops early, for tools and benchmarks.
   *
   * @param cacheBytes bound on the size of the cached results
   */
  public FacePipeline(ImageDecoder decoder, FaceModels models, long cacheBytes) {
    this(decoder, models, cacheBytes, PipelineGate.unlimited());
  }

  /**
   * @param cacheBytes bound on the size of the cached results
   * @param gate admits images and stops them between stages when their call is over
   */
  public FacePipeline(ImageDecoder decoder, FaceModels models, long cacheBytes, PipelineGate gate) {
    this.decoder = decoder;
    this.models = models;
    this.gate = gate;
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(cacheBytes)
            .weigher((Key key, ImageFaces faces) -> faces.weightBytes())
            .recordStats()
            .build();
  }

  public PipelineStats stats() {
    return stats;
  }

  public CacheStats cacheStats() {
    return cache.stats();
  }

  /** Every detection setting decided: these settings over the server's defaults. */
  public DetectionSettings.Resolved resolve(DetectionSettings settings) {
    return settings.over(models.defaults()).resolve();
  }

  /** The faces of an image with their landmarks, largest first; no embeddings. */
  @SuppressWarnings("try") // the permit is held, not used
  public ImageFaces detect(byte[] encoded, DetectionSettings.Resolved detection) {
    try (PipelineGate.Permit permit = gate.enter()) {
      RgbImage image = timed(stats.decode, () -> decoder.decode(encoded));
      return new ImageFaces(image.width(), image.height(), locate(image, detection));
    }
  }

  /**
   * The faces of an image, largest first, each with its raw embedding by the model.
   *
   * @param contentHash SHA-256 of the encoded bytes
   */
  @SuppressWarnings("try") // the permit is held, not used
  public ImageFaces analyze(
      byte[] encoded,
      String contentHash,
      EmbeddingModel model,
      DetectionSettings.Resolved detection) {
    Key key = new Key(model, detection, contentHash);
    ImageFaces cached = cache.getIfPresent(key);
    if (cached != null) {
      return cached;
    }
    FaceModels.Embedding embedding = models.embedding(model);
    ImageFaces result;
    try (PipelineGate.Permit permit = gate.enter()) {
      result = run(encoded, embedding, detection);
    }
    cache.put(key, result);
    return result;
  }

  private ImageFaces run(
      byte[] encoded, FaceModels.Embedding embedding, DetectionSettings.Resolved detection) {
    RgbImage image = timed(stats.decode, () -> decoder.decode(encoded));
    List<FaceFound> located = locate(image, detection);
    List<RgbImage> chips =
        timed(
            stats.align,
            () ->
                located.stream()
                    .map(f -> embedding.aligner().align(image, f.landmarks()))
                    .toList());
    List<float[]> vectors =
        chips.isEmpty() ? List.of() : timed(stats.embed, () -> embedding.embedder().embed(chips));
    List<FaceFound> faces = new ArrayList<>(located.size());
    for (int i = 0; i < located.size(); i++) {
      faces.add(
          new FaceFound(
              located.get(i).detection(),
              located.get(i).landmarks(),
              vectors.get(i),
              located.get(i).detector()));
    }
    return new ImageFaces(image.width(), image.height(), faces);
  }

  /** The aligned chips of faces found in this image, for the model, in order. */
  @SuppressWarnings("try") // the permit is held, not used
  public List<RgbImage> chips(byte[] encoded, List<FaceFound> faces, EmbeddingModel model) {
    if (faces.isEmpty()) {
      return List.of();
    }
    FaceModels.Embedding embedding = models.embedding(model);
    try (PipelineGate.Permit permit = gate.enter()) {
      RgbImage image = timed(stats.decode, () -> decoder.decode(encoded));
      return timed(
          stats.align,
          () -> faces.stream().map(f -> embedding.aligner().align(image, f.landmarks())).toList());
    }
  }

  /** Detection and landmarks: the faces kept by the settings, largest first. */
  private List<FaceFound> locate(RgbImage image, DetectionSettings.Resolved detection) {
    Boxes found = timed(stats.detect, () -> find(image, detection));
    if (found.boxes().isEmpty()) {
      return List.of();
    }
    List<float[]> points =
        timed(
            stats.landmarks,
            () ->
                models
                    .landmarker(detection.landmarks())
                    .landmarks(image, found.boxes(), found.detector()));
    List<FaceFound> faces = new ArrayList<>(found.boxes().size());
    for (int i = 0; i < found.boxes().size(); i++) {
      if (points.get(i) != null) {
        faces.add(new FaceFound(found.boxes().get(i), points.get(i), null, found.detector()));
      }
    }
    return faces;
  }

  /** The boxes one detector found, and which. */
  private record Boxes(DetectorKind detector, List<Detection> boxes) {}

  /**
   * The settings' detector's boxes; where dlib's HOG detector finds none and the settings allow it,
   * SSD's (with its own score and overlap defaults).
   */
  private Boxes find(RgbImage image, DetectionSettings.Resolved detection) {
    List<Detection> boxes = boxes(image, detection.detector(), detection.options(), detection);
    if (!boxes.isEmpty() || !detection.cnnFallback()) {
      return new Boxes(detection.detector(), boxes);
    }
    DetectorKind fallback = DetectorKind.SSD_MOBILENET_V1;
    DetectionOptions options =
        DetectionSettings.of(fallback)
            .resolve()
            .options()
            .withMaxFaces(detection.options().maxFaces());
    return new Boxes(fallback, boxes(image, fallback, options, detection));
  }

  /** One detector's boxes that the settings keep, largest first. */
  private List<Detection> boxes(
      RgbImage image,
      DetectorKind detector,
      DetectionOptions options,
      DetectionSettings.Resolved detection) {
    // Ask for every face, then keep the largest: max_faces keeps the largest, not the surest.
    return models
        .detector(detector)
        .detect(image, options.withMaxFaces(DetectionSettings.MAX_FACES))
        .stream()
        .filter(d -> Math.min(d.width(), d.height()) >= detection.minFaceSize())
        .sorted(Comparator.comparingDouble((Detection d) -> -d.area()))
        .limit(options.maxFaces())
        .toList();
  }

  /** Runs a stage, unless the call is over, and records its latency. */
  private <T> T timed(StageStats stage, Supplier<T> work) {
    gate.checkBefore(stage.name());
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      stage.record(System.nanoTime() - start);
    }
  }
}
