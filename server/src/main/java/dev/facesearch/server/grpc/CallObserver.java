package dev.facesearch.server.grpc;

import dev.facesearch.server.logging.AccessEntry;
import dev.facesearch.server.logging.CallLabels;
import dev.facesearch.server.metrics.ServerMetrics;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.SocketAddress;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Watches every call from start to end: gives it a request id, puts the id and the method in its
 * context for the log, echoes the id back in the response headers, and when the call ends counts it
 * in the metrics and writes one access log line (method, code, duration, peer; never a payload).
 *
 * <p>The request id is the caller's {@code x-request-id} when it is 1 to 128 printable ASCII
 * characters, so that a caller's id can be followed through the log; otherwise a fresh UUID.
 */
public final class CallObserver implements ServerInterceptor {
  /** The header that carries the request id, both ways. */
  public static final Metadata.Key<String> REQUEST_ID =
      Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);

  /** The access log: one INFO line per call; its own logger, so it can be routed or silenced. */
  static final Logger ACCESS_LOG = Logger.getLogger("facesearch.access");

  private static final int MAX_REQUEST_ID = 128;

  private final ServerMetrics metrics;

  public CallObserver(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String method = call.getMethodDescriptor().getBareMethodName();
    String requestId = requestId(headers.get(REQUEST_ID));
    Context context =
        Context.current().withValues(CallLabels.REQUEST_ID, requestId, CallLabels.METHOD, method);
    Observed<ReqT, RespT> observed = new Observed<>(call, method, requestId, context);
    ServerCall.Listener<ReqT> listener;
    try {
      listener = Contexts.interceptCall(context, observed, headers, next);
    } catch (RuntimeException | Error e) {
      observed.ended(Status.fromThrowable(e));
      throw e;
    }
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onComplete() {
        try {
          super.onComplete();
        } finally {
          observed.ended(null);
        }
      }

      @Override
      public void onCancel() {
        try {
          super.onCancel();
        } finally {
          observed.ended(null);
        }
      }
    };
  }

  /** The caller's request id if it is acceptable, else a new one. */
  static String requestId(String sent) {
    if (sent == null || sent.isEmpty() || sent.length() > MAX_REQUEST_ID || sent.isBlank()) {
      return UUID.randomUUID().toString();
    }
    for (int i = 0; i < sent.length(); i++) {
      char c = sent.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return UUID.randomUUID().toString();
      }
    }
    return sent;
  }

  /** A call that adds the request id to its response and remembers how it closed. */
  private final class Observed<ReqT, RespT>
      extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {
    private final long start = System.nanoTime();
    private final String method;
    private final String requestId;
    private final Context context;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean headersSent;
    private volatile Status closedWith;
    private volatile long closedAt;

    Observed(ServerCall<ReqT, RespT> call, String method, String requestId, Context context) {
      super(call);
      this.method = method;
      this.requestId = requestId;
      this.context = context;
    }

    @Override
    public void sendHeaders(Metadata headers) {
      headers.put(REQUEST_ID, requestId);
      headersSent = true;
      super.sendHeaders(headers);
    }

    @Override
    public void close(Status status, Metadata trailers) {
      if (!headersSent) {
        // A call that fails before answering has no headers, only trailers.
        trailers.put(REQUEST_ID, requestId);
      }
      closedAt = System.nanoTime();
      closedWith = status;
      super.close(status, trailers);
    }

    /**
     * Records the call once, when it ends: with the status it closed with, else (the caller
     * cancelled, or its deadline passed first) with CANCELLED or DEADLINE_EXCEEDED.
     */
    void ended(Status thrown) {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      Status status = thrown != null ? thrown : closedWith;
      long end = closedWith != null ? closedAt : System.nanoTime();
      if (status == null) {
        Deadline deadline = context.getDeadline();
        status =
            deadline != null && deadline.isExpired() ? Status.DEADLINE_EXCEEDED : Status.CANCELLED;
      }
      String code = status.getCode().name();
      long nanos = end - start;
      metrics.callEnded(method, code, nanos);
      SocketAddress peer = getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
      AccessEntry entry =
          new AccessEntry(
              requestId, method, code, nanos / 1e6, peer == null ? "unknown" : peer.toString());
      LogRecord record = new LogRecord(Level.INFO, entry.message());
      record.setLoggerName(ACCESS_LOG.getName());
      record.setParameters(new Object[] {entry});
      ACCESS_LOG.log(record);
    }
  }
}
