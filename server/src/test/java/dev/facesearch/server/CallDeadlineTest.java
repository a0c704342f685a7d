package dev.facesearch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

        // Due halfway through detection: decoding starts, embedding must not. Stage times on a
        // shared machine vary from call to call, so a call that beat its budget is tried again
        // with a tighter one; a call refused before it started does not count either.
        double warm = warmMillis(cold, before, "decode") + warmMillis(cold, before, "detect") / 2;
        String outcomes = "";
        boolean stoppedInside = false;
        for (double factor : new double[] {1.0, 0.6, 0.35, 0.2, 1.5}) {
          long budgetMillis = Math.max(1, Math.round(warm * factor));
          Map<String, StageStats.Snapshot> ahead = stages(server);
          Status.Code code;
          try {
            stub.withDeadlineAfter(budgetMillis, TimeUnit.MILLISECONDS)
                .identify(identify(photo, 3));
            code = Status.Code.OK;
          } catch (StatusRuntimeException e) {
            code = e.getStatus().getCode();
          }
          // The client stops waiting at its deadline; the server ends the call at its next check.
          for (int i = 0; i < 1000 && server.callsInFlight() > 0; i++) {
            Thread.sleep(10);
          }
          Map<String, StageStats.Snapshot> after = stages(server);
          boolean started = after.get("decode").count() == ahead.get("decode").count() + 1;
          boolean embedded = after.get("embed").count() != ahead.get("embed").count();
          outcomes += budgetMillis + " ms: " + code + ", started " + started + "; ";
          if (code == Status.Code.DEADLINE_EXCEEDED && started) {
            assertEquals(false, embedded, "an embedding ran after the deadline: " + outcomes);
            stoppedInside = true;
            break;
          }
        }
        assertTrue(stoppedInside, "no call was stopped inside the pipeline: " + outcomes);
        Scrape scrape = Scrape.of(server.metricsPort());
        assertEquals(
            true,
            scrape.value(
                    "facesearch_rpc_requests_total",
                    "method",
                    "Identify",
                    "code",
                    "DEADLINE_EXCEEDED")
                >= 1.0,
            scrape.text());
      } finally {
        channel.shutdownNow();
      }
    }
  }
}
