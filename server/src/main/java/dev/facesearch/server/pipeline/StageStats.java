package dev.facesearch.server.pipeline;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Latency of one pipeline stage: count, total, and a histogram with buckets growing by a quarter
 * (about 25% resolution, 1 µs to 100 s) from which quantiles are read. Lock-free; cheap enough to
 * record every call.
 */
public final class StageStats {
  private static final double GROWTH = 1.25;
  private static final int BUCKETS = 84;
  private static final double FIRST_BUCKET_NANOS = 1_000;

  private final String name;
  private final LongAdder count = new LongAdder();
  private final LongAdder totalNanos = new LongAdder();
  private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS);

  StageStats(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** Records one run of the stage. */
  public void record(long nanos) {
    count.increment();
    totalNanos.add(nanos);
    buckets.incrementAndGet(bucket(nanos));
  }

  private static int bucket(long nanos) {
    if (nanos <= FIRST_BUCKET_NANOS) {
      return 0;
    }
    int b = (int) Math.ceil(Math.log(nanos / FIRST_BUCKET_NANOS) / Math.log(GROWTH));
    return Math.min(BUCKETS - 1, b);
  }

  /**
   * The upper bound of a bucket of {@link #bucketCounts()}; the last bucket also holds every longer
   * run.
   */
  public static double upperBoundNanos(int bucket) {
    return FIRST_BUCKET_NANOS * Math.pow(GROWTH, bucket);
  }

  /** Runs per bucket so far (not cumulative), for exporting the histogram as it is. */
  public long[] bucketCounts() {
    long[] counts = new long[BUCKETS];
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] = buckets.get(i);
    }
    return counts;
  }

  /** Total time of the runs so far. */
  public long totalNanos() {
    return totalNanos.sum();
  }

  /** What the stage has recorded so far. */
  public Snapshot snapshot() {
    long[] counts = new long[BUCKETS];
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] = buckets.get(i);
      total += counts[i];
    }
    return new Snapshot(
        name,
        count.sum(),
        total == 0 ? 0 : totalNanos.sum() / 1e6 / count.sum(),
        quantile(counts, total, 0.50),
        quantile(counts, total, 0.95),
        quantile(counts, total, 0.99));
  }

  private static double quantile(long[] counts, long total, double q) {
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return upperBoundNanos(i) / 1e6;
      }
    }
    return upperBoundNanos(counts.length - 1) / 1e6;
  }

  /**
   * A stage's latency so far, in milliseconds; quantiles are bucket upper bounds (within 25%).
   *
   * @param stage the stage
   * @param count runs
   * @param meanMillis mean
   * @param p50Millis median
   * @param p95Millis 95th percentile
   * @param p99Millis 99th percentile
   */
  public record Snapshot(
      String stage,
      long count,
      double meanMillis,
      double p50Millis,
      double p95Millis,
      double p99Millis) {}
}
