package dev.facesearch.bench.pipeline;

import dev.facesearch.bench.MarkdownTable;
import dev.facesearch.bench.load.CpuMeter;
import dev.facesearch.bench.load.LatencySamples;
import dev.facesearch.server.core.Sha256;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.embed.EmbeddingModel;
import dev.facesearch.server.image.ImageDecoder;
import dev.facesearch.server.pipeline.FaceFound;
import dev.facesearch.server.pipeline.FaceModels;
import dev.facesearch.server.pipeline.FacePipeline;
import dev.facesearch.server.pipeline.StageStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The image pipeline alone (decode, detect, 68 landmarks, align, embed with resnet128), without
 * gRPC: per-stage latency and images per second with 1 and 2 concurrent callers, for one {@link
 * PipelineConfiguration} (detector and landmark model) at a time.
 *
 * <p>Each configuration first warms up on a throwaway pipeline, with as many callers as the largest
 * measured count, so models are loaded and every predictor exists; each measurement then runs on a
 * fresh {@link FacePipeline} over the same warm models, so its {@link FacePipeline#stats() stage
 * statistics} hold only measured calls. Settings are resolved as a request's are, over the server's
 * defaults. Every pipeline has its result cache off (0 bytes) and the photos cycle through distinct
 * encodings; the cache hit count is checked to be 0.
 */
public final class PipelineBench {
  private final FaceModels models;
  private final ImageDecoder decoder;

  public PipelineBench(FaceModels models, ImageDecoder decoder) {
    this.models = models;
    this.decoder = decoder;
  }

  /**
   * One measurement of one configuration.
   *
   * @param photos the photo set's name
   * @param configuration the detector and landmark model
   * @param isDefault whether it is the server's default configuration
   * @param callers concurrent callers
   * @param images images processed in the window
   * @param faces faces found in them
   * @param fallbacks images whose faces another detector found (SSD, where HOG found none)
   * @param seconds the window
   * @param latency whole-pipeline latency per image
   * @param cpu cores this JVM and the whole machine used in the window
   * @param stages per-stage latency, in pipeline order
   */
  public record Measurement(
      String photos,
      PipelineConfiguration configuration,
      boolean isDefault,
      int callers,
      long images,
      long faces,
      long fallbacks,
      double seconds,
      LatencySamples.Latency latency,
      CpuMeter.Usage cpu,
      List<StageStats.Snapshot> stages) {
    public double imagesPerSecond() {
      return images / seconds;
    }
  }

  /** The server's default settings, as a request without detection settings gets them. */
  public DetectionSettings.Resolved defaults() {
    return newPipeline().resolve(DetectionSettings.NONE);
  }

  /** Warms up, then measures each caller count in turn. */
  public List<Measurement> run(
      BenchPhotos.PhotoSet photos,
      PipelineConfiguration configuration,
      Duration warmup,
      Duration measure,
      List<Integer> callerCounts)
      throws InterruptedException {
    DetectionSettings.Resolved settings = newPipeline().resolve(configuration.settings());
    boolean isDefault = settings.equals(defaults());
    int most = callerCounts.stream().mapToInt(Integer::intValue).max().orElse(1);
    // Warm-up: half with every caller (creates all predictors), half single-threaded.
    Duration half = warmup.dividedBy(2);
    loop(newPipeline(), photos, settings, most, half);
    loop(newPipeline(), photos, settings, 1, half);
    List<Measurement> out = new ArrayList<>();
    for (int callers : callerCounts) {
      FacePipeline pipeline = newPipeline();
      CpuMeter cpu = CpuMeter.start();
      Loop result = loop(pipeline, photos, settings, callers, measure);
      CpuMeter.Usage usage = cpu.stop();
      if (pipeline.cacheStats().hitCount() != 0) {
        throw new IllegalStateException("the result cache answered: the pipeline was not measured");
      }
      out.add(
          new Measurement(
              photos.name(),
              configuration,
              isDefault,
              callers,
              result.images,
              result.faces,
              result.fallbacks,
              measure.toNanos() / 1e9,
              result.latency,
              usage,
              pipeline.stats().stages()));
    }
    return out;
  }

  private FacePipeline newPipeline() {
    return new FacePipeline(decoder, models, 0);
  }

  private record Loop(long images, long faces, long fallbacks, LatencySamples.Latency latency) {}

  /** Runs callers threads over the photos for the duration; counts images finished within it. */
  private static Loop loop(
      FacePipeline pipeline,
      BenchPhotos.PhotoSet photos,
      DetectionSettings.Resolved settings,
      int callers,
      Duration duration)
      throws InterruptedException {
    List<byte[]> images = photos.images();
    List<String> hashes = images.stream().map(Sha256::hex).toList();
    AtomicLong next = new AtomicLong();
    LongAdder faces = new LongAdder();
    LongAdder fallbacks = new LongAdder();
    long end = System.nanoTime() + duration.toNanos();
    List<LatencySamples> samples = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < callers; c++) {
      LatencySamples mine = new LatencySamples();
      samples.add(mine);
      threads.add(
          Thread.ofPlatform()
              .name("pipeline-caller-" + c)
              .start(() -> {
                while (true) {
                  int i = (int) (next.getAndIncrement() % images.size());
                  long start = System.nanoTime();
                  List<FaceFound> found =
                      pipeline
                          .analyze(images.get(i), hashes.get(i), EmbeddingModel.RESNET128, settings)
                          .faces();
                  long done = System.nanoTime();
                  if (done > end) {
                    return;
                  }
                  mine.add(done - start);
                  faces.add(found.size());
                  if (!found.isEmpty() && found.getFirst().detector() != settings.detector()) {
                    fallbacks.increment();
                  }
                }
              }));
    }
    for (Thread t : threads) {
      t.join();
    }
    LatencySamples.Latency latency = LatencySamples.summarize(samples);
    return new Loop(latency.count(), faces.sum(), fallbacks.sum(), latency);
  }

  /**
   * Per-stage latency, mean (p99) in ms, and images/s, a row per configuration and caller count.
   */
  public static MarkdownTable stageTable(List<Measurement> measurements) {
    MarkdownTable table =
        new MarkdownTable(
            "photos",
            "detector",
            "landmarks",
            "callers",
            "faces/img",
            "fallback",
            "decode",
            "detect",
            "landmarks",
            "align",
            "embed",
            "whole",
            "img/s",
            "cores JVM / machine");
    for (Measurement m : measurements) {
      List<Object> row = new ArrayList<>();
      row.add(m.photos());
      row.add(m.configuration().detectorName() + (m.isDefault() ? " (default)" : ""));
      row.add(m.configuration().landmarksName());
      row.add(m.callers());
      long images = Math.max(1, m.images());
      row.add((double) m.faces() / images);
      row.add(
          m.configuration().detector() == DetectorKind.DLIB_HOG
              ? MarkdownTable.fixed(100.0 * m.fallbacks() / images, 0) + "%"
              : "-");
      for (StageStats.Snapshot s : m.stages()) {
        row.add(meanAndP99(s.count() == 0 ? Double.NaN : s.meanMillis(), s.p99Millis()));
      }
      row.add(meanAndP99(m.latency().meanMillis(), m.latency().p99Millis()));
      row.add(m.imagesPerSecond());
      row.add(
          MarkdownTable.number(m.cpu().process())
              + " / "
              + MarkdownTable.number(m.cpu().machine()));
      table.row(row.toArray());
    }
    return table;
  }

  private static String meanAndP99(double mean, double p99) {
    return Double.isNaN(mean)
        ? "-"
        : MarkdownTable.number(mean) + " (" + MarkdownTable.number(p99) + ")";
  }
}
