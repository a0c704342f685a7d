package dev.facesearch.server.grpc;

import static dev.facesearch.server.testing.RawCalls.field;
import static dev.facesearch.server.testing.RawCalls.notUtf8;
import static dev.facesearch.server.testing.RawCalls.raw;
import static dev.facesearch.server.testing.RawCalls.truncated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.server.testing.RawCalls;
import dev.facesearch.server.testing.TestServer;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests parsed inside their calls, for every kind of method: gRPC's own health service (unary
 * Check, server-streaming Watch) and an echo service (bidirectional), each wrapped as the server
 * wraps FaceSearch. A malformed request is INVALID_ARGUMENT with a one-line reason; a good one is
 * served as before.
 */
class RequestParsingTest {
  private static final String HEALTH_REQUEST = "grpc.health.v1.HealthCheckRequest";

  /** Echoes each request back; a test-only bidirectional method. */
  private static final MethodDescriptor<HealthCheckRequest, HealthCheckRequest> ECHO =
      MethodDescriptor.<HealthCheckRequest, HealthCheckRequest>newBuilder()
          .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
          .setFullMethodName("test.Echo/Echo")
          .setRequestMarshaller(ProtoUtils.marshaller(HealthCheckRequest.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(HealthCheckRequest.getDefaultInstance()))
          .build();

  private final HealthStatusManager health = new HealthStatusManager();

  /** How the echo method's request stream ended, as the method saw it. */
  private final CompletableFuture<Status> echoEnded = new CompletableFuture<>();

  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    health.setStatus("", ServingStatus.SERVING);
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(RequestParsing.insideCalls(health.getHealthService().bindService()))
            .addService(RequestParsing.insideCalls(echoService()))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void unary_truncated_isInvalidArgument_withOneLine() {
    Status status =
        statusOf(() ->
            RawCalls.unary(
                channel, HealthGrpc.getCheckMethod(), truncated(request("some.Service"))));
    assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
    assertTrue(
        status.getDescription().startsWith("request is not a valid " + HEALTH_REQUEST + ": "),
        status.getDescription());
    assertTrue(status.getDescription().contains("ended unexpectedly"), status.getDescription());
    assertFalse(status.getDescription().contains("\n"), status.getDescription());
  }

  @Test
  void unary_wellFormedBytes_served() throws Exception {
    byte[] response = RawCalls.unary(channel, HealthGrpc.getCheckMethod(), request(""));
    assertEquals(ServingStatus.SERVING, HealthCheckResponse.parseFrom(response).getStatus());
  }

  @Test
  void serverStreaming_notUtf8_isInvalidArgument_namingTheField() throws Exception {
    Exchange watch = new Exchange(HealthGrpc.getWatchMethod(), 1);
    watch.send(field(1, notUtf8("some.")));
    watch.call.halfClose();
    Status status = watch.closed.get(10, TimeUnit.SECONDS);
    assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
    assertEquals(
        "request is not a valid " + HEALTH_REQUEST + ": field service is not valid UTF-8",
        status.getDescription());
    assertEquals(List.of(), watch.received);
  }

  @Test
  void serverStreaming_wellFormed_streams() throws Exception {
    Exchange watch = new Exchange(HealthGrpc.getWatchMethod(), 1);
    watch.send(request(""));
    watch.call.halfClose();
    assertEquals(
        ServingStatus.SERVING,
        HealthCheckResponse.parseFrom(watch.next.get(10, TimeUnit.SECONDS)).getStatus());
    watch.call.cancel("done", null);
  }

  @Test
  void bidiStreaming_goodThenMalformed_answersTheGood_thenRefuses_andTheMethodSeesCancel()
      throws Exception {
    Exchange echo = new Exchange(ECHO, 10);
    echo.send(request("first"));
    echo.send(request("second"));
    echo.send(truncated(request("third")));
    Status status = echo.closed.get(10, TimeUnit.SECONDS);
    assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode(), status.toString());
    assertTrue(status.getDescription().startsWith("request is not a valid " + HEALTH_REQUEST));
    assertEquals(2, echo.received.size());
    assertEquals("second", HealthCheckRequest.parseFrom(echo.received.get(1)).getService());
    assertEquals(Status.Code.CANCELLED, echoEnded.get(10, TimeUnit.SECONDS).getCode());
  }

  /** The wrapped FaceSearch keeps its schema: reflection still serves its proto file. */
  @Test
  void reflection_describesTheWrappedService(@TempDir Path data) throws Exception {
    try (TestServer facesearch = TestServer.start(data)) {
      CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
      StreamObserver<ServerReflectionRequest> requests =
          ServerReflectionGrpc.newStub(facesearch.channel())
              .serverReflectionInfo(
                  new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                      answer.complete(response);
                    }

                    @Override
                    public void onError(Throwable t) {
                      answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {}
                  });
      requests.onNext(
          ServerReflectionRequest.newBuilder()
              .setFileContainingSymbol(FaceSearchGrpc.SERVICE_NAME)
              .build());
      ServerReflectionResponse response = answer.get(10, TimeUnit.SECONDS);
      requests.onCompleted();
      FileDescriptorProto file =
          FileDescriptorProto.parseFrom(
              response.getFileDescriptorResponse().getFileDescriptorProto(0));
      assertEquals("FaceSearch", file.getService(0).getName());
    }
  }

  private static byte[] request(String service) {
    return HealthCheckRequest.newBuilder().setService(service).build().toByteArray();
  }

  private static Status statusOf(Runnable call) {
    return assertThrows(StatusRuntimeException.class, call::run).getStatus();
  }

  private ServerServiceDefinition echoService() {
    return ServerServiceDefinition.builder("test.Echo")
        .addMethod(
            ECHO,
            ServerCalls.asyncBidiStreamingCall(responses ->
                new StreamObserver<>() {
                  @Override
                  public void onNext(HealthCheckRequest request) {
                    responses.onNext(request);
                  }

                  @Override
                  public void onError(Throwable t) {
                    echoEnded.complete(Status.fromThrowable(t));
                  }

                  @Override
                  public void onCompleted() {
                    echoEnded.complete(Status.OK);
                    responses.onCompleted();
                  }
                }))
        .build();
  }

  /** A raw call of any kind: bytes sent, bytes received, and how it closed. */
  private final class Exchange {
    final ClientCall<byte[], byte[]> call;
    final List<byte[]> received = new CopyOnWriteArrayList<>();
    final CompletableFuture<byte[]> next = new CompletableFuture<>();
    final CompletableFuture<Status> closed = new CompletableFuture<>();

    Exchange(MethodDescriptor<?, ?> method, int responses) {
      call =
          channel.newCall(raw(method), CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
      call.start(
          new ClientCall.Listener<>() {
            @Override
            public void onMessage(byte[] message) {
              received.add(message);
              next.complete(message);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
              closed.complete(status);
            }
          },
          new Metadata());
      call.request(responses);
    }

    void send(byte[] message) {
      call.sendMessage(message);
    }
  }
}
