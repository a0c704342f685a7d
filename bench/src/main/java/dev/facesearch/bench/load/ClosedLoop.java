package dev.facesearch.bench.load;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A closed-loop load generator: N clients, each sending its next call as soon as its previous one
 * answers, so N calls are in flight at all times.
 *
 * <p>Clients are asynchronous (gRPC future stubs): a client is a callback, not a thread, so the
 * generator costs little CPU on a machine it shares with the server. A run has a warm-up, whose
 * calls are not counted, then a measurement window: throughput counts the calls that answered
 * within the window, and their latencies (send to answer) are recorded whole.
 */
public final class ClosedLoop {
  /** Starts one call of a client; {@code sequence} counts that client's calls from 0. */
  @FunctionalInterface
  public interface Call {
    ListenableFuture<?> start(int client, long sequence);
  }

  /**
   * What a run measured.
   *
   * @param clients concurrent clients
   * @param seconds length of the measurement window
   * @param calls calls answered in the window
   * @param errors calls failed in the window
   * @param latency their latencies
   * @param cpu cores used during the window
   * @param counted how much the run's counter grew during the window (0 without a counter)
   */
  public record Result(
      int clients,
      double seconds,
      long calls,
      long errors,
      LatencySamples.Latency latency,
      CpuMeter.Usage cpu,
      long counted) {
    /** Calls answered per second. */
    public double qps() {
      return calls / seconds;
    }
  }

  private ClosedLoop() {}

  /** Runs N clients for the warm-up, then measures them for the window. */
  public static Result run(int clients, Duration warmup, Duration measure, Call call)
      throws InterruptedException {
    return run(clients, warmup, measure, call, () -> 0);
  }

  /**
   * Runs N clients for the warm-up, then measures them for the window, and reads the counter at
   * both ends of the window (the enroll load counts commits with it).
   */
  public static Result run(
      int clients, Duration warmup, Duration measure, Call call, LongSupplier counter)
      throws InterruptedException {
    long windowStart = System.nanoTime() + warmup.toNanos();
    long windowEnd = windowStart + measure.toNanos();
    CountDownLatch stopped = new CountDownLatch(clients);
    AtomicLong errors = new AtomicLong();
    List<Client> all = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      all.add(new Client(c, call, windowStart, windowEnd, stopped, errors));
    }
    all.forEach(Client::next);
    TimeUnit.NANOSECONDS.sleep(windowStart - System.nanoTime());
    CpuMeter cpu = CpuMeter.start();
    long countedBefore = counter.getAsLong();
    TimeUnit.NANOSECONDS.sleep(Math.max(0, windowEnd - System.nanoTime()));
    CpuMeter.Usage usage = cpu.stop();
    long counted = counter.getAsLong() - countedBefore;
    // Clients stop by themselves at the end of the window; wait for the calls still in flight.
    if (!stopped.await(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("calls still running 5 minutes after the window closed");
    }
    LatencySamples.Latency latency =
        LatencySamples.summarize(all.stream().map(client -> client.samples).toList());
    return new Result(
        clients, measure.toNanos() / 1e9, latency.count(), errors.get(), latency, usage, counted);
  }

  /** One client: a callback that records its call and sends the next. */
  private static final class Client implements FutureCallback<Object> {
    private final int index;
    private final Call call;
    private final long windowStart;
    private final long windowEnd;
    private final CountDownLatch stopped;
    private final AtomicLong errors;
    private final AtomicBoolean reported = new AtomicBoolean();
    final LatencySamples samples = new LatencySamples();
    private long sequence;
    private long sentAt;

    Client(
        int index,
        Call call,
        long windowStart,
        long windowEnd,
        CountDownLatch stopped,
        AtomicLong errors) {
      this.index = index;
      this.call = call;
      this.windowStart = windowStart;
      this.windowEnd = windowEnd;
      this.stopped = stopped;
      this.errors = errors;
    }

    void next() {
      if (System.nanoTime() >= windowEnd) {
        stopped.countDown();
        return;
      }
      sentAt = System.nanoTime();
      ListenableFuture<?> future;
      try {
        future = call.start(index, sequence++);
      } catch (RuntimeException e) {
        future = Futures.immediateFailedFuture(e);
      }
      Futures.addCallback(future, this, MoreExecutors.directExecutor());
    }

    private boolean inWindow(long answeredAt) {
      return answeredAt >= windowStart && answeredAt < windowEnd;
    }

    @Override
    public void onSuccess(Object response) {
      long answeredAt = System.nanoTime();
      if (inWindow(answeredAt)) {
        samples.add(answeredAt - sentAt);
      }
      next();
    }

    @Override
    public void onFailure(Throwable error) {
      if (inWindow(System.nanoTime())) {
        errors.incrementAndGet();
      }
      if (!reported.getAndSet(true)) {
        System.err.println("first failed call: " + error);
      }
      // A failure may be immediate; continue on another thread so failures cannot recurse.
      ForkJoinPool.commonPool().execute(this::next);
    }
  }
}
