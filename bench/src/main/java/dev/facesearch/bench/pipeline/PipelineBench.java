package dev.facesearch.bench.pipeline;

import dev.facesearch.bench.MarkdownTable;
import dev.facesearch.bench.load.LatencySamples;
import dev.facesearch.server.core.Sha256;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.embed.EmbeddingModel;
import dev.facesearch.server.image.ImageDecoder;
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
 * gRPC: per-stage latency single-threaded, and images per second with 1, 2 and 4 concurrent
 * callers.
 *
 * <p>Each configuration (a photo set and a detector) first warms up on a throwaway pipeline, with
 * as many callers as the largest measured count, so models are loaded and every predictor exists;
 * each measurement then runs on a fresh {@link FacePipeline} over the same warm models, so its
 * {@link FacePipeline#stats() stage statistics} hold only measured calls. Every pipeline has its
 * result cache off (0 bytes) and the photos cycle through distinct encodings; the cache hit count
 * is checked to be 0.
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
   * @param detector the detector
   * @param callers concurrent callers
   * @param images images processed in the window
   * @param faces faces found in them
   * @param seconds the window
   * @param latency whole-pipeline latency per image
   * @param stages per-stage latency; from the single-caller run, empty otherwise
   */
  public record Measurement(
      String photos,
      DetectorKind detector,
      int callers,
      long images,
      long faces,
      double seconds,
      LatencySamples.Latency latency,
      List<StageStats.Snapshot> stages) {
    public double imagesPerSecond() {
      return images / seconds;
    }
  }

  /** Warms up, then measures each caller count in turn. */
  public List<Measurement> run(
      BenchPhotos.PhotoSet photos,
      DetectorKind detector,
      Duration warmup,
      Duration measure,
      List<Integer> callerCounts)
      throws InterruptedException {
    DetectionSettings.Resolved settings = DetectionSettings.of(detector).resolve();
    int most = callerCounts.stream().mapToInt(Integer::intValue).max().orElse(1);
    // Warm-up: half with every caller (creates all predictors), half single-threaded.
    Duration half = warmup.dividedBy(2);
    loop(newPipeline(), photos, settings, most, half);
    loop(newPipeline(), photos, settings, 1, half);
    List<Measurement> out = new ArrayList<>();
    for (int callers : callerCounts) {
      FacePipeline pipeline = newPipeline();
      Loop result = loop(pipeline, photos, settings, callers, measure);
      if (pipeline.cacheStats().hitCount() != 0) {
        throw new IllegalStateException("the result cache answered: the pipeline was not measured");
      }
      out.add(
          new Measurement(
              photos.name(),
              detector,
              callers,
              result.images,
              result.faces,
              measure.toNanos() / 1e9,
              result.latency,
              callers == 1 ? pipeline.stats().stages() : List.of()));
    }
    return out;
  }

  private FacePipeline newPipeline() {
    return new FacePipeline(decoder, models, 0);
  }

  private record Loop(long images, long faces, LatencySamples.Latency latency) {}

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
                  int found =
                      pipeline
                          .analyze(images.get(i), hashes.get(i), EmbeddingModel.RESNET128, settings)
                          .faces()
                          .size();
                  long done = System.nanoTime();
                  if (done > end) {
                    return;
                  }
                  mine.add(done - start);
                  faces.add(found);
                }
              }));
    }
    for (Thread t : threads) {
      t.join();
    }
    LatencySamples.Latency latency = LatencySamples.summarize(samples);
    return new Loop(latency.count(), faces.sum(), latency);
  }

  /** Per-stage latency of the single-caller runs: mean and p99 per stage, in ms. */
  public static MarkdownTable stageTable(List<Measurement> measurements) {
    MarkdownTable table =
        new MarkdownTable(
            "photos",
            "detector",
            "faces/img",
            "decode",
            "detect",
            "landmarks",
            "align",
            "embed",
            "whole p50",
            "whole p99",
            "img/s");
    for (Measurement m : measurements) {
      if (m.callers() != 1) {
        continue;
      }
      List<Object> row = new ArrayList<>();
      row.add(m.photos());
      row.add(m.detector());
      row.add((double) m.faces() / Math.max(1, m.images()));
      for (StageStats.Snapshot s : m.stages()) {
        row.add(
            MarkdownTable.number(s.meanMillis())
                + " ("
                + MarkdownTable.number(s.p99Millis())
                + ")");
      }
      row.add(m.latency().p50Millis());
      row.add(m.latency().p99Millis());
      row.add(m.imagesPerSecond());
      table.row(row.toArray());
    }
    return table;
  }

  /** Images per second and latency for every caller count. */
  public static MarkdownTable throughputTable(List<Measurement> measurements) {
    MarkdownTable table =
        new MarkdownTable(
            "photos", "detector", "callers", "img/s", "p50 ms", "p95 ms", "p99 ms", "images");
    for (Measurement m : measurements) {
      table.row(
          m.photos(),
          m.detector(),
          m.callers(),
          m.imagesPerSecond(),
          m.latency().p50Millis(),
          m.latency().p95Millis(),
          m.latency().p99Millis(),
          m.images());
    }
    return table;
  }
}
