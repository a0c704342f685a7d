package dev.facesearch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.facesearch.api.v1.CreateCollectionRequest;
import dev.facesearch.api.v1.FaceInput;
import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.api.v1.IdentifyRequest;
import dev.facesearch.api.v1.IdentifyResponse;
import dev.facesearch.api.v1.ListCollectionsRequest;
import dev.facesearch.server.testing.SharedFaces;
import dev.facesearch.server.testing.TestServer;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shutdown drains: health turns NOT_SERVING, new calls are refused, the calls in flight finish OK.
 */
class GracefulShutdownTest {
  private static final int SLOW_CALLS = 4;

  @TempDir Path data;

  @Test
  void close_letsCallsInFlightFinish_refusesNewOnes_afterHealthTurnsNotServing() throws Exception {
    SharedFaces.assumePresent();
    byte[] photo = SharedFaces.read("dlib-faces/bald_guys.jpg");
    FaceSearchServer server = FaceSearchServer.start(TestServer.settings(data).withPort(0));
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("localhost", server.port()).usePlaintext().build();
    Context.CancellableContext watching = Context.current().withCancellation();
    try {
      FaceSearchGrpc.FaceSearchBlockingStub blocking =
          FaceSearchGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
      blocking.createCollection(CreateCollectionRequest.newBuilder().setName("g").build());

      BlockingQueue<ServingStatus> health = new LinkedBlockingQueue<>();
      watching.run(() ->
          HealthGrpc.newStub(channel)
              .watch(
                  HealthCheckRequest.getDefaultInstance(),
                  new StreamObserver<>() {
                    @Override
                    public void onNext(HealthCheckResponse value) {
                      health.add(value.getStatus());
                    }

                    @Override
                    public void onError(Throwable t) {}

                    @Override
                    public void onCompleted() {}
                  }));
      assertEquals(ServingStatus.SERVING, health.poll(10, TimeUnit.SECONDS));

      // Slow calls: a cold server loads its models, then runs the pipeline on distinct photos.
      List<CompletableFuture<Status.Code>> slow = new ArrayList<>();
      for (int i = 0; i < SLOW_CALLS; i++) {
        CompletableFuture<Status.Code> done = new CompletableFuture<>();
        byte[] bytes = Arrays.copyOf(photo, photo.length + i + 1);
        FaceSearchGrpc.newStub(channel)
            .withDeadlineAfter(120, TimeUnit.SECONDS)
            .identify(
                IdentifyRequest.newBuilder()
                    .setCollection("g")
                    .setInput(FaceInput.newBuilder().setImage(ByteString.copyFrom(bytes)))
                    .build(),
                new StreamObserver<>() {
                  @Override
                  public void onNext(IdentifyResponse value) {}

                  @Override
                  public void onError(Throwable t) {
                    done.complete(Status.fromThrowable(t).getCode());
                  }

                  @Override
                  public void onCompleted() {
                    done.complete(Status.Code.OK);
                  }
                });
        slow.add(done);
      }
      for (int i = 0; i < 500 && server.callsInFlight() < SLOW_CALLS; i++) {
        Thread.sleep(10);
      }
      assertEquals(SLOW_CALLS, server.callsInFlight(), "the slow calls are running");

      CompletableFuture<Void> closed =
          CompletableFuture.runAsync(() -> {
            try {
              server.close();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });

      assertEquals(ServingStatus.NOT_SERVING, health.poll(10, TimeUnit.SECONDS));
      watching.cancel(null);
      // New calls are refused once the shutdown has begun, while the slow ones still run.
      Status.Code refused = null;
      for (int i = 0; i < 200 && refused == null; i++) {
        try {
          blocking.listCollections(ListCollectionsRequest.getDefaultInstance());
          Thread.sleep(10);
        } catch (StatusRuntimeException e) {
          refused = e.getStatus().getCode();
        }
      }
      assertEquals(Status.Code.UNAVAILABLE, refused);
      assertTrue(slow.stream().anyMatch(f -> !f.isDone()), "refused while calls were in flight");

      for (CompletableFuture<Status.Code> done : slow) {
        assertEquals(Status.Code.OK, done.get(120, TimeUnit.SECONDS));
      }
      closed.get(60, TimeUnit.SECONDS);
    } finally {
      watching.cancel(null);
      channel.shutdownNow();
      server.close();
    }
  }
}
