package dev.facesearch.bench.search;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Closed-loop throughput: {@code threads} threads each issue one query after another (the next as
 * soon as the previous returns), cycling through the query set from different offsets.
 *
 * <p>The threads run a warm-up period first (JIT compilation, page cache), then completed queries
 * are counted over the measurement period by reading the counters at its start and end, without
 * pausing the workers. A slow configuration (an exact scan of a million faces) is measured for
 * longer, up to four times the period, until at least {@link #MIN_QUERIES} queries complete, so
 * that the queries in flight at either edge weigh little.
 */
final class ThreadedLoop {
  static final int MIN_QUERIES = 60;

  private ThreadedLoop() {}

  /**
   * Queries per second.
   *
   * @param queries size of the query set; {@code search} gets an index in [0, queries)
   * @param search runs one query
   */
  static double qps(
      int threads, int queries, IntConsumer search, Duration warmup, Duration measure) {
    AtomicLong[] done = new AtomicLong[threads];
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      AtomicLong counter = new AtomicLong();
      done[t] = counter;
      int offset = t * queries / threads;
      Runnable loop =
          () -> {
            try {
              for (int q = offset; !stop.get(); q = (q + 1) % queries) {
                search.accept(q);
                counter.incrementAndGet();
              }
            } catch (RuntimeException e) {
              failure.compareAndSet(null, e);
            }
          };
      workers.add(Thread.ofPlatform().name("search-" + t).start(loop));
    }
    double qps;
    try {
      Thread.sleep(warmup);
      long count0 = sum(done);
      long start = System.nanoTime();
      Thread.sleep(measure);
      long deadline = start + 4 * measure.toNanos();
      while (sum(done) - count0 < MIN_QUERIES
          && System.nanoTime() < deadline
          && failure.get() == null) {
        Thread.sleep(50);
      }
      long count1 = sum(done);
      qps = (count1 - count0) / ((System.nanoTime() - start) / 1e9);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      qps = Double.NaN;
    } finally {
      stop.set(true);
      joinAll(workers);
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a search failed", failure.get());
    }
    return qps;
  }

  private static void joinAll(List<Thread> workers) {
    for (Thread worker : workers) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static long sum(AtomicLong[] counters) {
    long total = 0;
    for (AtomicLong counter : counters) {
      total += counter.get();
    }
    return total;
  }
}
