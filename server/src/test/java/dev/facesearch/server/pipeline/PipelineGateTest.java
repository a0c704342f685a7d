package dev.facesearch.server.pipeline;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.core.CallBudget;
import dev.facesearch.server.core.CancelledException;
import dev.facesearch.server.core.DeadlineExceededException;
import dev.facesearch.server.core.OverloadedException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pipeline's admission: a bounded wait for a permit, and no start past the deadline. */
@SuppressWarnings("try") // permits are held, not used
class PipelineGateTest {
  private static CallBudget budget(long remainingNanos, boolean cancelled) {
    return new CallBudget() {
      @Override
      public long remainingNanos() {
        return remainingNanos;
      }

      @Override
      public boolean cancelled() {
        return cancelled;
      }
    };
  }

  /** A budget that runs out at this System.nanoTime(), read live like a call's deadline. */
  private static CallBudget dueAt(long deadlineNanos) {
    return new CallBudget() {
      @Override
      public long remainingNanos() {
        return deadlineNanos - System.nanoTime();
      }

      @Override
      public boolean cancelled() {
        return false;
      }
    };
  }

  @Test
  void enter_whenFull_waitsAtMostTheMaxWait_thenRefusesAsOverload() throws Exception {
    PipelineGate gate = new PipelineGate(1, Duration.ofMillis(100), CallBudget.Source.UNLIMITED);
    try (PipelineGate.Permit held = gate.enter()) {
      long start = System.nanoTime();
      CompletableFuture<Void> second = CompletableFuture.runAsync(() -> gate.enter().close());
      Exception e = assertThrows(Exception.class, () -> second.get(10, TimeUnit.SECONDS));
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(e.getCause() instanceof OverloadedException, e.toString());
      assertTrue(waited >= 90 && waited < 5_000, "waited " + waited + " ms");
    }
    // The permit came back: the gate admits again.
    gate.enter().close();
  }

  @Test
  void enter_whenFull_waitsNoLongerThanTheDeadline() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    PipelineGate gate = new PipelineGate(1, Duration.ofSeconds(30), () -> dueAt(deadline));
    try (PipelineGate.Permit held = gate.enter()) {
      long start = System.nanoTime();
      CompletableFuture<Void> second = CompletableFuture.runAsync(() -> gate.enter().close());
      Exception e = assertThrows(Exception.class, () -> second.get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof DeadlineExceededException, e.toString());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    }
  }

  @Test
  void checkBefore_stopsPastDeadlineOrCancelled() {
    assertThrows(
        DeadlineExceededException.class,
        () -> new PipelineGate(1, Duration.ZERO, () -> budget(-1, false)).checkBefore("embed"));
    assertThrows(
        CancelledException.class,
        () -> new PipelineGate(1, Duration.ZERO, () -> budget(1_000_000, true)).enter());
  }
}
