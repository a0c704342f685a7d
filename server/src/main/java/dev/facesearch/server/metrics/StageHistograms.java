package dev.facesearch.server.metrics;

import dev.facesearch.server.pipeline.PipelineStats;
import dev.facesearch.server.pipeline.StageStats;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Arrays;

/**
 * Exports the pipeline's own per-stage histograms ({@link StageStats}) as {@code
 * facesearch_pipeline_stage_seconds{stage}}, read at each scrape: the stage timings have one source
 * of truth, which the benchmarks read too.
 *
 * <p>A stage records into fine buckets growing by 25%; the export merges every three of them (each
 * bucket about twice the previous), from 55 µs up, so its bounds are exactly bounds of the fine
 * buckets and no run is counted in the wrong bucket.
 */
final class StageHistograms implements Collector {
  static final String NAME = "facesearch_pipeline_stage_seconds";
  private static final int FIRST = 18;
  private static final int STEP = 3;

  private final PipelineStats stats;

  StageHistograms(PipelineStats stats) {
    this.stats = stats;
  }

  @Override
  public MetricSnapshot collect() {
    HistogramSnapshot.Builder histogram =
        HistogramSnapshot.builder()
            .name(NAME)
            .help("Latency of each stage of the image pipeline (cache hits run no stage)");
    for (StageStats stage : stats.recorders()) {
      long[] fine = stage.bucketCounts();
      histogram.dataPoint(
          HistogramSnapshot.HistogramDataPointSnapshot.builder()
              .labels(Labels.of("stage", stage.name()))
              .classicHistogramBuckets(merge(fine))
              .sum(stage.totalNanos() / 1e9)
              .build());
    }
    return histogram.build();
  }

  /** Sums fine buckets into coarse ones whose bounds are every third fine bound, then +Inf. */
  static ClassicHistogramBuckets merge(long[] fine) {
    int finite = (fine.length - 2 - FIRST) / STEP + 1;
    double[] bounds = new double[finite + 1];
    long[] counts = new long[finite + 1];
    int next = 0;
    for (int c = 0; c < finite; c++) {
      int last = FIRST + c * STEP;
      bounds[c] = StageStats.upperBoundNanos(last) / 1e9;
      counts[c] = Arrays.stream(fine, next, last + 1).sum();
      next = last + 1;
    }
    bounds[finite] = Double.POSITIVE_INFINITY;
    counts[finite] = Arrays.stream(fine, next, fine.length).sum();
    return ClassicHistogramBuckets.of(bounds, counts);
  }
}
