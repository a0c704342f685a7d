package dev.facesearch.server.auth;

import dev.facesearch.server.config.AuthMode;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Optional;

/**
 * Checks the API key of each FaceSearch call: UNAUTHENTICATED without a valid key,
 * PERMISSION_DENIED when the key's scopes do not cover the call.
 *
 * <p>The check has two steps because the two facts arrive at different times. The key is in the
 * headers, so it is authenticated when the call starts, before the request is even read. The
 * collection is in the request message (every request of the API names its own), so the scopes are
 * checked when the message arrives: the listener refuses the call there, and the service never sees
 * the message. Doing it here, rather than in each service method, keeps the service free of access
 * control and makes {@link AccessRules} the only place that says what a method needs.
 *
 * <p>The key comes from {@code authorization: Bearer <key>}, or else {@code x-api-key: <key>}. Only
 * the FaceSearch service is intercepted: health and reflection stay open for load balancers and
 * tools.
 */
public final class AuthInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> X_API_KEY =
      Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "Bearer ";

  private final KeyRing keys;
  private final AuthMode mode;

  /** Whether keys are required; latched once true, so removing the keys file opens nothing. */
  private volatile boolean enforcing;

  public AuthInterceptor(KeyRing keys, AuthMode mode) {
    this.keys = keys;
    this.mode = mode;
    this.enforcing = mode == AuthMode.REQUIRED;
  }

  /** Whether calls need a key now. */
  public boolean enforcing() {
    if (!enforcing && mode == AuthMode.AUTO && keys.fileExists()) {
      enforcing = true;
    }
    return enforcing;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!enforcing()) {
      return next.startCall(call, headers);
    }
    Optional<ApiKey> key = keys.authenticate(token(headers));
    if (key.isEmpty()) {
      call.close(
          Status.UNAUTHENTICATED.withDescription(
              "missing, unknown or revoked API key; send 'authorization: Bearer fsk_...'"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    String method = call.getMethodDescriptor().getFullMethodName();
    Optional<AccessRules.Rule> rule = AccessRules.of(method);
    if (rule.isEmpty()) {
      call.close(
          Status.PERMISSION_DENIED.withDescription("no key may call " + method), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return new Checking<>(next.startCall(call, headers), call, key.get(), rule.get());
  }

  /** The key's text from the headers, or null. */
  private static String token(Metadata headers) {
    String authorization = headers.get(AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return authorization.substring(BEARER.length()).strip();
    }
    String apiKey = headers.get(X_API_KEY);
    return apiKey == null ? null : apiKey.strip();
  }

  /**
   * Passes the request on only if the key may make it; otherwise closes the call and drops what
   * follows. gRPC delivers a call's events one at a time, so {@code denied} needs no lock.
   */
  private static final class Checking<Q, R> extends SimpleForwardingServerCallListener<Q> {
    private final ServerCall<Q, R> call;
    private final ApiKey key;
    private final AccessRules.Rule rule;
    private boolean denied;

    Checking(
        ServerCall.Listener<Q> delegate, ServerCall<Q, R> call, ApiKey key, AccessRules.Rule rule) {
      super(delegate);
      this.call = call;
      this.key = key;
      this.rule = rule;
    }

    @Override
    public void onMessage(Q message) {
      if (denied) {
        return;
      }
      if (!rule.allows(key, message)) {
        denied = true;
        String collection = rule.collection().apply(message);
        call.close(
            Status.PERMISSION_DENIED.withDescription(
                "key "
                    + key.id()
                    + " may not "
                    + rule.permission().label()
                    + (collection.isEmpty() ? "" : " collection '" + collection + "'")),
            new Metadata());
        return;
      }
      super.onMessage(message);
    }

    @Override
    public void onHalfClose() {
      if (!denied) {
        super.onHalfClose();
      }
    }

    @Override
    public void onReady() {
      if (!denied) {
        super.onReady();
      }
    }
  }
}
