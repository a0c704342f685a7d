package dev.facesearch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.facesearch.api.v1.CreateCollectionRequest;
import dev.facesearch.api.v1.FaceInput;
import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.api.v1.IdentifyRequest;
import dev.facesearch.api.v1.IdentifyResponse;
import dev.facesearch.server.testing.Scrape;
import dev.facesearch.server.testing.SharedFaces;
import dev.facesearch.server.testing.TestServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded admission on a real port: with 2 calls running and 2 waiting allowed, a burst of 50 slow
 * image calls gets 4 through and the rest refused at once with RESOURCE_EXHAUSTED.
 */
class OverloadTest {
  private static final int CALLS = 50;

  /**
   * A refusal costs a method lookup on the dispatch thread (about 150 ms at worst measured here, on
   * 2 cores busy with the admitted calls' inference and other builds); a refusal that waited behind
   * the admitted calls would take seconds.
   */
  private static final long FAST_REFUSAL_MILLIS = 250;

  @TempDir Path data;

  /** How one call of the burst ended, and how long after it was sent. */
  private record Outcome(Status.Code code, long millis) {}

  @Test
  void burstBeyondTheBound_isRefusedQuickly_andTheServerStaysHealthy() throws Exception {
    SharedFaces.assumePresent();
    FaceSearchServer server =
        FaceSearchServer.start(
            TestServer.settings(data).toBuilder()
                .port(0)
                .metricsPort(0)
                .rpcThreads(2)
                .maxQueuedCalls(2)
                .build());
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("localhost", server.port()).usePlaintext().build();
    try {
      FaceSearchGrpc.FaceSearchBlockingStub blocking =
          FaceSearchGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
      blocking.createCollection(CreateCollectionRequest.newBuilder().setName("o").build());
      // A large photo with several faces: seconds of work per call on a cold server.
      IdentifyRequest request =
          IdentifyRequest.newBuilder()
              .setCollection("o")
              .setInput(
                  FaceInput.newBuilder()
                      .setImage(ByteString.copyFrom(SharedFaces.read("dlib-faces/bald_guys.jpg"))))
              .build();

      FaceSearchGrpc.FaceSearchStub async =
          FaceSearchGrpc.newStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
      List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        long sent = System.nanoTime();
        async.identify(
            request,
            new StreamObserver<>() {
              @Override
              public void onNext(IdentifyResponse value) {}

              @Override
              public void onError(Throwable t) {
                outcome.complete(new Outcome(Status.fromThrowable(t).getCode(), since(sent)));
              }

              @Override
              public void onCompleted() {
                outcome.complete(new Outcome(Status.Code.OK, since(sent)));
              }
            });
        outcomes.add(outcome);
      }

      Map<Status.Code, Integer> codes = new TreeMap<>();
      long slowestRefusal = 0;
      for (CompletableFuture<Outcome> future : outcomes) {
        Outcome outcome = future.get(120, TimeUnit.SECONDS);
        codes.merge(outcome.code(), 1, Integer::sum);
        if (outcome.code() == Status.Code.RESOURCE_EXHAUSTED) {
          slowestRefusal = Math.max(slowestRefusal, outcome.millis());
        }
      }
      int ok = codes.getOrDefault(Status.Code.OK, 0);
      int refused = codes.getOrDefault(Status.Code.RESOURCE_EXHAUSTED, 0);
      assertEquals(CALLS, ok + refused, "only OK or RESOURCE_EXHAUSTED: " + codes);
      assertTrue(ok >= 4, "the running and waiting calls succeed: " + codes);
      assertTrue(refused >= CALLS / 2, "most of the burst is refused: " + codes);
      assertTrue(
          slowestRefusal <= FAST_REFUSAL_MILLIS,
          "refusals are immediate; the slowest took " + slowestRefusal + " ms");

      // Every refusal was counted, and nothing is left in flight.
      Scrape scrape = Scrape.of(server.metricsPort());
      assertEquals(
          (double) refused,
          scrape.value("facesearch_rpc_rejected_total", "method", "Identify"),
          scrape.text());
      assertEquals(
          (double) refused,
          scrape.value(
              "facesearch_rpc_requests_total", "method", "Identify", "code", "RESOURCE_EXHAUSTED"),
          scrape.text());
      for (int i = 0; i < 200 && server.callsInFlight() > 0; i++) {
        Thread.sleep(10);
      }
      assertEquals(0, server.callsInFlight());

      // Still healthy, and serving: the same call now succeeds.
      assertEquals(
          HealthCheckResponse.ServingStatus.SERVING,
          HealthGrpc.newBlockingStub(channel)
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .check(HealthCheckRequest.getDefaultInstance())
              .getStatus());
      blocking.identify(request);
    } finally {
      channel.shutdownNow();
      server.close();
    }
  }

  private static long since(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
