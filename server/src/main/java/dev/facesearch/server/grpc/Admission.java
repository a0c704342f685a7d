package dev.facesearch.server.grpc;

import dev.facesearch.server.metrics.ServerMetrics;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounded admission of calls: at most {@code threads} run and {@code queued} more wait; any further
 * call is refused at once with RESOURCE_EXHAUSTED, before its message is read.
 *
 * <p>The decision must come before a call joins the worker queue, or a refusal would wait behind
 * the very backlog it is meant to shed. So it is made in {@link #getExecutor}, which gRPC calls on
 * the small dispatch executor right after finding the method: an admitted call is handed to the
 * workers, a refused one stays on the dispatch executor, where {@link #interceptCall} closes it.
 * The verdict travels between the two in the call's headers, under a key a caller cannot forge (any
 * value it sends is dropped first). Services outside {@code governed} (health, reflection) are
 * never refused and run on the dispatch executor, so a saturated server still answers health
 * checks.
 *
 * <p>An admitted call holds its place until it ends (completed or cancelled), released exactly
 * once. A call whose deadline passed while it waited is closed with DEADLINE_EXCEEDED unstarted.
 */
public final class Admission implements ServerCallExecutorSupplier, ServerInterceptor {
  private static final Metadata.Key<String> VERDICT =
      Metadata.Key.of("facesearch-internal-admission", Metadata.ASCII_STRING_MARSHALLER);
  private static final String ADMITTED = "admitted";
  private static final String REFUSED = "refused";

  private final Set<String> governed;
  private final int limit;
  private final ThreadPoolExecutor workers;
  private final ServerMetrics metrics;
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * @param governed the services whose calls are counted and may be refused
   * @param threads calls running at once
   * @param queued calls waiting for a thread
   */
  public Admission(Set<String> governed, int threads, int queued, ServerMetrics metrics) {
    this.governed = Set.copyOf(governed);
    this.limit = threads + queued;
    this.metrics = metrics;
    // gRPC queues at most one task per call on its executor at a time, so the queue never holds
    // more than the admitted calls; the bound is a guard.
    this.workers =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(2 * limit),
            Thread.ofPlatform().name("facesearch-rpc-", 0).factory());
    metrics.watchCalls(inFlight::get, workers::getActiveCount);
  }

  /** The threads that run admitted calls; the owner shuts them down. */
  public ThreadPoolExecutor workers() {
    return workers;
  }

  /** Calls admitted and not yet ended. */
  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata headers) {
    headers.discardAll(VERDICT);
    if (!governed.contains(call.getMethodDescriptor().getServiceName())) {
      return null;
    }
    if (tryAdmit()) {
      headers.put(VERDICT, ADMITTED);
      return workers;
    }
    headers.put(VERDICT, REFUSED);
    return null;
  }

  private boolean tryAdmit() {
    for (int n = inFlight.get(); n < limit; n = inFlight.get()) {
      if (inFlight.compareAndSet(n, n + 1)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String verdict = headers.get(VERDICT);
    if (verdict == null) {
      return next.startCall(call, headers);
    }
    headers.discardAll(VERDICT);
    if (verdict.equals(REFUSED)) {
      metrics.callRejected(call.getMethodDescriptor().getBareMethodName());
      call.close(
          Status.RESOURCE_EXHAUSTED.withDescription(
              "server overloaded: " + limit + " calls in flight; retry with backoff"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Place place = new Place();
    Deadline deadline = Context.current().getDeadline();
    if (deadline != null && deadline.isExpired()) {
      place.release();
      call.close(
          Status.DEADLINE_EXCEEDED.withDescription(
              "the deadline passed while the call waited for a thread; it was not started"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    ServerCall.Listener<ReqT> listener;
    try {
      listener = next.startCall(call, headers);
    } catch (RuntimeException | Error e) {
      place.release();
      throw e;
    }
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onComplete() {
        try {
          super.onComplete();
        } finally {
          place.release();
        }
      }

      @Override
      public void onCancel() {
        try {
          super.onCancel();
        } finally {
          place.release();
        }
      }
    };
  }

  /** An admitted call's place, given back once whichever way the call ends. */
  private final class Place {
    private final AtomicBoolean released = new AtomicBoolean();

    void release() {
      if (released.compareAndSet(false, true)) {
        inFlight.decrementAndGet();
      }
    }
  }
}
