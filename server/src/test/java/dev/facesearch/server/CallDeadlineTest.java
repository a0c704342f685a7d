package dev.facesearch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.facesearch.api.v1.CreateCollectionRequest;
import dev.facesearch.api.v1.FaceInput;
import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.api.v1.IdentifyRequest;
import dev.facesearch.server.pipeline.StageStats;
import dev.facesearch.server.testing.Scrape;
import dev.facesearch.server.testing.SharedFaces;
import dev.facesearch.server.testing.TestServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A call whose deadline passes inside the image pipeline stops there: later stages never run. */
class CallDeadlineTest {
  @TempDir Path data;

  /** The photo with n bytes after its end: the same work, but not a hit of the result cache. */
  private static IdentifyRequest identify(byte[] photo, int padding) {
    byte[] bytes = Arrays.copyOf(photo, photo.length + padding);
    return IdentifyRequest.newBuilder()
        .setCollection("d")
        .setInput(FaceInput.newBuilder().setImage(ByteString.copyFrom(bytes)))
        .build();
  }

  private static Map<String, StageStats.Snapshot> stages(FaceSearchServer server) {
    return server.pipeline().stats().stages().stream()
        .collect(Collectors.toMap(StageStats.Snapshot::stage, Function.identity()));
  }

  /** How long the stage took in the call between the two snapshots. */
  private static double warmMillis(
      Map<String, StageStats.Snapshot> first, Map<String, StageStats.Snapshot> then, String stage) {
    StageStats.Snapshot a = first.get(stage);
    StageStats.Snapshot b = then.get(stage);
    return b.meanMillis() * b.count() - a.meanMillis() * a.count();
  }

  @Test
  void deadlineInsideThePipeline_stopsBeforeTheEmbedding() throws Exception {
    SharedFaces.assumePresent();
    byte[] photo = SharedFaces.read("dlib-faces/bald_guys.jpg");
    try (FaceSearchServer server =
        FaceSearchServer.start(TestServer.settings(data).withPort(0).withMetricsPort(0))) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("localhost", server.port()).usePlaintext().build();
      try {
        FaceSearchGrpc.FaceSearchBlockingStub stub = FaceSearchGrpc.newBlockingStub(channel);
        stub.withDeadlineAfter(60, TimeUnit.SECONDS)
            .createCollection(CreateCollectionRequest.newBuilder().setName("d").build());
        // Twice with time to spare: loads the models, then measures the warm stages.
        stub.withDeadlineAfter(120, TimeUnit.SECONDS).identify(identify(photo, 1));
        Map<String, StageStats.Snapshot> cold = stages(server);
        stub.withDeadlineAfter(120, TimeUnit.SECONDS).identify(identify(photo, 2));
        Map<String, StageStats.Snapshot> before = stages(server);
        assertTrue(before.get("embed").count() >= 2, "the photo has faces to embed");

        // Due halfway through detection: decoding starts, embedding must not.
        long budgetMillis =
            Math.round(warmMillis(cold, before, "decode") + warmMillis(cold, before, "detect") / 2);
        StatusRuntimeException e =
            assertThrows(
                StatusRuntimeException.class,
                () ->
                    stub.withDeadlineAfter(budgetMillis, TimeUnit.MILLISECONDS)
                        .identify(identify(photo, 3)));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());

        // The client stops waiting at its deadline; the server ends the call at its next check.
        for (int i = 0; i < 1000 && server.callsInFlight() > 0; i++) {
          Thread.sleep(10);
        }
        Map<String, StageStats.Snapshot> after = stages(server);
        assertEquals(
            before.get("decode").count() + 1,
            after.get("decode").count(),
            "the call started: " + budgetMillis + " ms budget");
        assertEquals(before.get("embed").count(), after.get("embed").count(), "no embedding ran");
        Scrape scrape = Scrape.of(server.metricsPort());
        assertEquals(
            1.0,
            scrape.value(
                "facesearch_rpc_requests_total", "method", "Identify", "code", "DEADLINE_EXCEEDED"),
            scrape.text());
      } finally {
        channel.shutdownNow();
      }
    }
  }
}
