package dev.facesearch.server.grpc;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.WireFormat;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves the parsing of request messages to where a failure can be answered: a request that is not a
 * valid protobuf message of its type gets INVALID_ARGUMENT with a one-line reason, such as "request
 * is not a valid facesearch.v1.EnrollRequest: field collection is not valid UTF-8".
 *
 * <p>gRPC parses a request before any handler or interceptor sees it, and when the marshaller
 * throws it closes the stream itself with UNKNOWN ("Application error processing RPC"), past the
 * interceptors, so the access log and the metrics never see the status. Here each method's request
 * marshaller is replaced by one that keeps the outcome, message or reason, and the method's handler
 * by one that passes the message on or closes the call with the reason. The closing goes through
 * the call the server's interceptors wrapped, so they see it as any other status.
 *
 * <p>What runs when: the server's interceptors and those inside the wrapped definition (the server
 * wraps its API key check) start the call before any message arrives, so a caller without a valid
 * key gets UNAUTHENTICATED whatever it sends, and the message is never read. A caller with a key
 * and a malformed message gets INVALID_ARGUMENT: the key's scopes are checked against the
 * collection a request names, and a request that does not parse names none. The transport's message
 * size limit applies before any parsing, as before.
 *
 * <p>After a refusal the method's own listener is told the call was cancelled and hears nothing
 * more, and what it sends is dropped, so a streaming method stops as if its caller had gone.
 */
public final class RequestParsing {
  /** Deeper nesting than this is not searched for the field that is not UTF-8. */
  private static final int MAX_DEPTH = 100;

  private RequestParsing() {}

  /** The same service, with each request parsed inside its call. */
  public static ServerServiceDefinition insideCalls(ServerServiceDefinition service) {
    ServiceDescriptor original = service.getServiceDescriptor();
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(original.getName())
            .setSchemaDescriptor(original.getSchemaDescriptor());
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      ServerMethodDefinition<?, ?> wrapped = wrap(method);
      descriptor.addMethod(wrapped.getMethodDescriptor());
      methods.add(wrapped);
    }
    ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(builder::addMethod);
    return builder.build();
  }

  private static <Q, R> ServerMethodDefinition<Parsed<Q>, R> wrap(
      ServerMethodDefinition<Q, R> definition) {
    MethodDescriptor<Q, R> method = definition.getMethodDescriptor();
    MethodDescriptor<Parsed<Q>, R> parsing =
        method.toBuilder(new OutcomeMarshaller<>(method), method.getResponseMarshaller()).build();
    ServerCallHandler<Q, R> next = definition.getServerCallHandler();
    return ServerMethodDefinition.create(
        parsing,
        (call, headers) -> {
          Inner<Q, R> inner = new Inner<>(call, method);
          return new Unwrapping<>(next.startCall(inner, headers), inner);
        });
  }

  /** A request as read: its message, or why there is none. */
  private record Parsed<Q>(Q message, String failure) {}

  /** Parses with the method's own marshaller, keeping a failure instead of throwing it. */
  private static final class OutcomeMarshaller<Q>
      implements MethodDescriptor.Marshaller<Parsed<Q>> {
    private final MethodDescriptor.Marshaller<Q> delegate;
    private final Descriptor type;
    private final String name;

    OutcomeMarshaller(MethodDescriptor<Q, ?> method) {
      this.delegate = method.getRequestMarshaller();
      this.type =
          delegate instanceof MethodDescriptor.PrototypeMarshaller<Q> prototyped
                  && prototyped.getMessagePrototype() instanceof Message message
              ? message.getDescriptorForType()
              : null;
      this.name = type != null ? type.getFullName() : method.getBareMethodName() + " request";
    }

    @Override
    public InputStream stream(Parsed<Q> value) {
      if (value.message() == null) {
        throw new IllegalStateException("a request that did not parse has nothing to write");
      }
      return delegate.stream(value.message());
    }

    @Override
    public Parsed<Q> parse(InputStream stream) {
      // The transport's streams can go back, so the bytes can be searched for the bad field.
      boolean rewindable = type != null && stream.markSupported();
      if (rewindable) {
        stream.mark(Integer.MAX_VALUE);
      }
      try {
        return new Parsed<>(delegate.parse(stream), null);
      } catch (RuntimeException e) {
        InvalidProtocolBufferException invalid = invalidBytes(e);
        if (invalid == null) {
          throw e; // not the caller's bytes: gRPC answers it as before
        }
        String field = rewindable ? notUtf8Field(stream) : null;
        return new Parsed<>(
            null,
            "request is not a valid "
                + name
                + ": "
                + (field != null ? "field " + field + " is not valid UTF-8" : reason(invalid)));
      }
    }

    private String notUtf8Field(InputStream stream) {
      try {
        stream.reset();
        return notUtf8Field(type, CodedInputStream.newInstance(stream), 0);
      } catch (IOException e) {
        return null; // the bytes end or break before any such field: another reason is given
      }
    }

    /** The dotted path of the first string field, at any depth, whose bytes are not UTF-8. */
    private static String notUtf8Field(Descriptor type, CodedInputStream in, int depth)
        throws IOException {
      while (depth < MAX_DEPTH && !in.isAtEnd()) {
        int tag = in.readTag();
        FieldDescriptor field = type.findFieldByNumber(WireFormat.getTagFieldNumber(tag));
        if (field == null
            || WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          in.skipField(tag);
        } else if (field.getType() == FieldDescriptor.Type.STRING) {
          if (!in.readBytes().isValidUtf8()) {
            return field.getName();
          }
        } else if (field.getType() == FieldDescriptor.Type.MESSAGE) {
          int limit = in.pushLimit(in.readRawVarint32());
          String inner = notUtf8Field(field.getMessageType(), in, depth + 1);
          if (inner != null) {
            return field.getName() + "." + inner;
          }
          in.popLimit(limit);
        } else {
          in.skipField(tag);
        }
      }
      return null;
    }

    private static InvalidProtocolBufferException invalidBytes(Throwable thrown) {
      for (Throwable t = thrown; t != null; t = t.getCause()) {
        if (t instanceof InvalidProtocolBufferException invalid) {
          return invalid;
        }
      }
      return null;
    }

    /** Protobuf's first sentence, on one line: the rest is advice to the programmer. */
    private static String reason(InvalidProtocolBufferException invalid) {
      String message = invalid.getMessage() == null ? "" : invalid.getMessage().strip();
      int end = message.indexOf(". ");
      String sentence = (end < 0 ? message : message.substring(0, end)).replaceAll("\\s+", " ");
      if (sentence.endsWith(".")) {
        sentence = sentence.substring(0, sentence.length() - 1);
      }
      return sentence.isEmpty()
          ? "malformed protobuf"
          : Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
    }
  }

  /**
   * The call as the method sees it, with its own request type. Once the call is refused it reads as
   * cancelled and drops what the method sends. gRPC's calls are used from one thread at a time, so
   * the flags need no lock; volatile covers a method that answers from another thread.
   */
  private static final class Inner<Q, R> extends ServerCall<Q, R> {
    private final ServerCall<Parsed<Q>, R> call;
    private final MethodDescriptor<Q, R> method;
    private volatile boolean closed;
    private volatile boolean refused;

    Inner(ServerCall<Parsed<Q>, R> call, MethodDescriptor<Q, R> method) {
      this.call = call;
      this.method = method;
    }

    /** Closes the call with this reason, unless it is closed already; says whether it did. */
    boolean refuse(String reason) {
      if (closed || refused) {
        return false;
      }
      refused = true;
      call.close(Status.INVALID_ARGUMENT.withDescription(reason), new Metadata());
      return true;
    }

    boolean refused() {
      return refused;
    }

    @Override
    public void close(Status status, Metadata trailers) {
      if (!refused) {
        closed = true;
        call.close(status, trailers);
      }
    }

    @Override
    public void sendHeaders(Metadata headers) {
      if (!refused) {
        call.sendHeaders(headers);
      }
    }

    @Override
    public void sendMessage(R message) {
      if (!refused) {
        call.sendMessage(message);
      }
    }

    @Override
    public boolean isCancelled() {
      return refused || call.isCancelled();
    }

    @Override
    public void request(int count) {
      call.request(count);
    }

    @Override
    public boolean isReady() {
      return !refused && call.isReady();
    }

    @Override
    public void setMessageCompression(boolean enabled) {
      call.setMessageCompression(enabled);
    }

    @Override
    public void setCompression(String compressor) {
      call.setCompression(compressor);
    }

    @Override
    public void setOnReadyThreshold(int numBytes) {
      call.setOnReadyThreshold(numBytes);
    }

    @Override
    public SecurityLevel getSecurityLevel() {
      return call.getSecurityLevel();
    }

    @Override
    public Attributes getAttributes() {
      return call.getAttributes();
    }

    @Override
    public String getAuthority() {
      return call.getAuthority();
    }

    @Override
    public MethodDescriptor<Q, R> getMethodDescriptor() {
      return method;
    }
  }

  /** Passes parsed messages to the method's listener, or refuses the call with the reason. */
  private static final class Unwrapping<Q, R> extends ServerCall.Listener<Parsed<Q>> {
    private final ServerCall.Listener<Q> delegate;
    private final Inner<Q, R> call;

    Unwrapping(ServerCall.Listener<Q> delegate, Inner<Q, R> call) {
      this.delegate = delegate;
      this.call = call;
    }

    @Override
    public void onMessage(Parsed<Q> parsed) {
      if (call.refused()) {
        return;
      }
      if (parsed.message() != null) {
        delegate.onMessage(parsed.message());
      } else if (call.refuse(parsed.failure())) {
        delegate.onCancel();
      }
    }

    @Override
    public void onHalfClose() {
      if (!call.refused()) {
        delegate.onHalfClose();
      }
    }

    @Override
    public void onCancel() {
      if (!call.refused()) {
        delegate.onCancel();
      }
    }

    @Override
    public void onComplete() {
      if (!call.refused()) {
        delegate.onComplete();
      }
    }

    @Override
    public void onReady() {
      if (!call.refused()) {
        delegate.onReady();
      }
    }
  }
}
