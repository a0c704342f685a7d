package dev.facesearch.bench.load;

import java.util.Arrays;
import java.util.Collection;

/**
 * Every latency of one recorder, in nanoseconds, kept whole so quantiles are exact (a run of a few
 * hundred thousand calls costs a few MB). One writer at a time; merge after the writers are done.
 */
public final class LatencySamples {
  private long[] nanos = new long[1024];
  private int size;

  /** Records one latency. */
  public void add(long latencyNanos) {
    if (size == nanos.length) {
      nanos = Arrays.copyOf(nanos, size * 2);
    }
    nanos[size++] = latencyNanos;
  }

  public int size() {
    return size;
  }

  /** The quantiles of all these recorders' samples together. */
  public static Latency summarize(Collection<LatencySamples> recorders) {
    int total = recorders.stream().mapToInt(LatencySamples::size).sum();
    long[] all = new long[total];
    int at = 0;
    for (LatencySamples r : recorders) {
      System.arraycopy(r.nanos, 0, all, at, r.size);
      at += r.size;
    }
    Arrays.sort(all);
    return new Latency(
        total,
        total == 0 ? 0 : Arrays.stream(all).average().orElse(0) / 1e6,
        quantile(all, 0.50),
        quantile(all, 0.95),
        quantile(all, 0.99),
        total == 0 ? 0 : all[total - 1] / 1e6);
  }

  /** The nearest-rank quantile, in milliseconds. */
  private static double quantile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  /**
   * Latency quantiles of a run, in milliseconds.
   *
   * @param count samples
   * @param meanMillis mean
   * @param p50Millis median
   * @param p95Millis 95th percentile
   * @param p99Millis 99th percentile
   * @param maxMillis slowest
   */
  public record Latency(
      long count,
      double meanMillis,
      double p50Millis,
      double p95Millis,
      double p99Millis,
      double maxMillis) {}
}
