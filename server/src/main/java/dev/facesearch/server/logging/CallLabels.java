package dev.facesearch.server.logging;

import io.grpc.Context;

/**
 * The request id and method of the call being handled, kept in its gRPC {@link Context} so that
 * every log record emitted while handling it can name it, whichever class logs.
 */
public final class CallLabels {
  /** The call's request id: the caller's {@code x-request-id}, or one the server made up. */
  public static final Context.Key<String> REQUEST_ID = Context.key("facesearch-request-id");

  /** The call's method, without the service name (e.g. "Identify"). */
  public static final Context.Key<String> METHOD = Context.key("facesearch-method");

  private CallLabels() {}

  /** The current call's request id, or null outside a call. */
  static String requestId() {
    return REQUEST_ID.get();
  }

  /** The current call's method, or null outside a call. */
  static String method() {
    return METHOD.get();
  }
}
