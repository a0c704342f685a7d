package dev.facesearch.server.pipeline;

import dev.facesearch.server.core.CallBudget;
import dev.facesearch.server.core.CancelledException;
import dev.facesearch.server.core.DeadlineExceededException;
import dev.facesearch.server.core.OverloadedException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Admits image work into the pipeline, a few images at a time, and stops it between stages when its
 * call's deadline has passed or its caller has gone.
 *
 * <p>The pipeline is the CPU-heavy part of the server: more images at once than the models have
 * predictors only queue inside the models while holding memory for their decoded pixels. So an
 * image waits here, at most {@code maxWait} and never past its deadline, for one of {@code
 * concurrency} permits; if none frees up it is refused as overload, before it is decoded.
 */
public final class PipelineGate {
  private final Semaphore permits;
  private final long maxWaitNanos;
  private final CallBudget.Source budgets;

  /**
   * @param concurrency images in the pipeline at once
   * @param maxWait longest wait for a permit
   * @param budgets the current call's deadline and cancellation
   */
  public PipelineGate(int concurrency, Duration maxWait, CallBudget.Source budgets) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
    }
    this.permits = new Semaphore(concurrency, true);
    this.maxWaitNanos = maxWait.toNanos();
    this.budgets = budgets;
  }

  /** A gate that never makes work wait and never stops it: for tools and benchmarks. */
  public static PipelineGate unlimited() {
    return new PipelineGate(Integer.MAX_VALUE, Duration.ZERO, CallBudget.Source.UNLIMITED);
  }

  /** A held permit; closing it lets the next image in. */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Waits for a permit, within the call's deadline and the gate's longest wait.
   *
   * @throws OverloadedException if no permit freed up in time
   * @throws DeadlineExceededException if the deadline passed first
   * @throws CancelledException if the caller cancelled, or the thread was interrupted
   */
  public Permit enter() {
    CallBudget budget = budgets.current();
    budget.checkBefore("the image pipeline");
    long wait = Math.min(maxWaitNanos, budget.remainingNanos());
    boolean acquired;
    try {
      acquired = permits.tryAcquire(wait, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException("the server is stopping");
    }
    if (!acquired) {
      budget.checkBefore("the image pipeline");
      throw new OverloadedException(
          "server overloaded: the image pipeline stayed busy for "
              + TimeUnit.NANOSECONDS.toMillis(wait)
              + " ms; retry with backoff");
    }
    return permits::release;
  }

  /** Throws if the current call should stop before this stage. */
  void checkBefore(String stage) {
    budgets.current().checkBefore(stage);
  }
}
