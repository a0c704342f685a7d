package dev.facesearch.server.grpc;

import dev.facesearch.server.core.CallBudget;
import io.grpc.Context;
import io.grpc.Deadline;
import java.util.concurrent.TimeUnit;

/** The budget of the gRPC call running on this thread, read from its {@link Context}. */
public final class ContextBudget implements CallBudget {
  /** Reads the budget of whichever call is current when asked. */
  public static final CallBudget.Source SOURCE = () -> new ContextBudget(Context.current());

  private final Context context;

  private ContextBudget(Context context) {
    this.context = context;
  }

  @Override
  public long remainingNanos() {
    Deadline deadline = context.getDeadline();
    return deadline == null ? Long.MAX_VALUE : deadline.timeRemaining(TimeUnit.NANOSECONDS);
  }

  @Override
  public boolean cancelled() {
    // A context whose deadline passed is cancelled too; that case is reported as a deadline.
    return context.isCancelled() && remainingNanos() > 0;
  }
}
