package dev.facesearch.server.core;

import java.util.concurrent.TimeUnit;

/**
 * What is left of the current call: how long until its deadline, and whether its caller has gone.
 *
 * <p>Long work (the image pipeline, a gallery search) asks before each step, so that a call whose
 * caller can no longer use the answer stops instead of holding a CPU. The domain core sees only
 * this interface; the gRPC layer supplies one that reads the call's context.
 */
public interface CallBudget {
  /** A budget without deadline that is never cancelled: work outside any call. */
  CallBudget UNLIMITED =
      new CallBudget() {
        @Override
        public long remainingNanos() {
          return Long.MAX_VALUE;
        }

        @Override
        public boolean cancelled() {
          return false;
        }
      };

  /** Nanoseconds until the deadline (negative once past); {@link Long#MAX_VALUE} without one. */
  long remainingNanos();

  /** Whether the caller cancelled the call (a passed deadline is not a cancellation). */
  boolean cancelled();

  /**
   * Throws if the call should stop before this step.
   *
   * @param step what was about to run, for the message
   * @throws CancelledException if the caller cancelled
   * @throws DeadlineExceededException if the deadline has passed
   */
  default void checkBefore(String step) {
    if (cancelled()) {
      throw new CancelledException("the call was cancelled before " + step);
    }
    long remaining = remainingNanos();
    if (remaining <= 0) {
      throw new DeadlineExceededException(
          "the deadline passed "
              + TimeUnit.NANOSECONDS.toMillis(-remaining)
              + " ms before "
              + step
              + "; the rest of the work was skipped");
    }
  }

  /** Where the current call's budget comes from; the composition root supplies it. */
  @FunctionalInterface
  interface Source {
    /** A source for work outside any call. */
    Source UNLIMITED = () -> CallBudget.UNLIMITED;

    /** The budget of the call running on this thread. */
    CallBudget current();
  }
}
