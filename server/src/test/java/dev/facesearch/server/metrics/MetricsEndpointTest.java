package dev.facesearch.server.metrics;

import static dev.facesearch.server.testing.Protos.embedding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.facesearch.api.v1.CreateCollectionRequest;
import dev.facesearch.api.v1.EnrollRequest;
import dev.facesearch.api.v1.FaceInput;
import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.api.v1.GetCollectionRequest;
import dev.facesearch.api.v1.GetSubjectRequest;
import dev.facesearch.api.v1.IdentifyRequest;
import dev.facesearch.server.FaceSearchServer;
import dev.facesearch.server.pipeline.StageStats;
import dev.facesearch.server.testing.FaceLikeVectors;
import dev.facesearch.server.testing.RawCalls;
import dev.facesearch.server.testing.Scrape;
import dev.facesearch.server.testing.SharedFaces;
import dev.facesearch.server.testing.TestServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics endpoint of a real server, scraped over HTTP after real calls: each number must be
 * what those calls did.
 */
class MetricsEndpointTest {
  @TempDir Path data;

  @Test
  void scrape_countsCallsByMethodAndCode_andReadsGalleryCachesAndStages() throws Exception {
    SharedFaces.assumePresent();
    try (FaceSearchServer server =
        FaceSearchServer.start(TestServer.settings(data).withPort(0).withMetricsPort(0))) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("localhost", server.port()).usePlaintext().build();
      try {
        FaceSearchGrpc.FaceSearchBlockingStub stub =
            FaceSearchGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        stub.createCollection(CreateCollectionRequest.newBuilder().setName("m").build());
        FaceLikeVectors faces = new FaceLikeVectors(7);
        for (int s = 0; s < 3; s++) {
          float[] identity = faces.identity();
          stub.enroll(
              EnrollRequest.newBuilder()
                  .setCollection("m")
                  .setSubjectId("s" + s)
                  .addInputs(embedding(faces.view(identity)))
                  .addInputs(embedding(faces.view(identity)))
                  .build());
        }
        stub.identify(
            IdentifyRequest.newBuilder()
                .setCollection("m")
                .setInput(embedding(faces.view(faces.identity())))
                .build());
        for (int i = 0; i < 2; i++) {
          StatusRuntimeException e =
              assertThrows(
                  StatusRuntimeException.class,
                  () ->
                      stub.getCollection(GetCollectionRequest.newBuilder().setName("no").build()));
          assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        }
        // The second lookup of a subject is a hit of the subject cache.
        for (int i = 0; i < 2; i++) {
          stub.getSubject(
              GetSubjectRequest.newBuilder().setCollection("m").setSubjectId("s1").build());
        }
        // The same photo twice: the pipeline runs once, then its result cache answers.
        FaceInput photo =
            FaceInput.newBuilder()
                .setImage(ByteString.copyFrom(SharedFaces.read("dlib-faces/2008_002470.jpg")))
                .build();
        for (int i = 0; i < 2; i++) {
          stub.identify(IdentifyRequest.newBuilder().setCollection("m").setInput(photo).build());
        }

        Scrape scrape = awaitCallsCounted(server.metricsPort(), 11);
        String text = scrape.text();
        assertEquals(
            3.0,
            scrape.value("facesearch_rpc_requests_total", "method", "Enroll", "code", "OK"),
            text);
        assertEquals(
            3.0,
            scrape.value("facesearch_rpc_requests_total", "method", "Identify", "code", "OK"),
            text);
        assertEquals(
            2.0,
            scrape.value(
                "facesearch_rpc_requests_total", "method", "GetCollection", "code", "NOT_FOUND"),
            text);
        assertEquals(
            null,
            scrape.value("facesearch_rpc_requests_total", "method", "GetCollection", "code", "OK"),
            text);
        assertEquals(
            2.0,
            scrape.value(
                "facesearch_rpc_duration_seconds_count",
                "method",
                "GetCollection",
                "code",
                "NOT_FOUND"),
            text);
        assertEquals(
            3.0,
            scrape.value(
                "facesearch_rpc_duration_seconds_bucket",
                "method",
                "Identify",
                "code",
                "OK",
                "le",
                "+Inf"),
            text);
        assertTrue(
            scrape.value("facesearch_rpc_duration_seconds_sum", "method", "Identify", "code", "OK")
                > 0,
            text);

        assertEquals(6.0, scrape.value("facesearch_gallery_faces", "collection", "m"), text);
        assertEquals(3.0, scrape.value("facesearch_gallery_subjects", "collection", "m"), text);
        assertTrue(scrape.value("facesearch_gallery_size_bytes", "collection", "m") > 0, text);
        assertEquals(0.0, scrape.value("facesearch_gallery_purges_pending"), text);

        assertEquals(1.0, scrape.value("facesearch_cache_hits_total", "cache", "subjects"), text);
        assertEquals(1.0, scrape.value("facesearch_cache_misses_total", "cache", "subjects"), text);
        assertEquals(1.0, scrape.value("facesearch_cache_hits_total", "cache", "faces"), text);
        assertEquals(1.0, scrape.value("facesearch_cache_misses_total", "cache", "faces"), text);
        assertNotNull(scrape.value("facesearch_cache_hits_total", "cache", "collections"), text);

        // The stage histograms are the pipeline's own counts, exported as they are.
        for (StageStats.Snapshot stage : server.pipeline().stats().stages()) {
          assertEquals(
              (double) stage.count(),
              scrape.value("facesearch_pipeline_stage_seconds_count", "stage", stage.stage()),
              stage.stage());
          assertEquals(
              (double) stage.count(),
              scrape.value(
                  "facesearch_pipeline_stage_seconds_bucket", "stage", stage.stage(), "le", "+Inf"),
              stage.stage());
        }
        assertEquals(
            1.0, scrape.value("facesearch_pipeline_stage_seconds_count", "stage", "detect"), text);

        assertEquals(0.0, scrape.value("facesearch_rpc_in_flight"), text);
        assertEquals(
            0.0, scrape.valueOrZero("facesearch_rpc_rejected_total", "method", "Identify"));
      } finally {
        channel.shutdownNow();
      }
    }
  }

  /**
   * A request that does not parse is refused inside the call, so it is counted, like any refusal,
   * under the code its caller got (gRPC alone would have closed it past the metrics).
   */
  @Test
  void scrape_countsAMalformedRequestUnderInvalidArgument() throws Exception {
    try (FaceSearchServer server =
        FaceSearchServer.start(TestServer.settings(data).withPort(0).withMetricsPort(0))) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("localhost", server.port()).usePlaintext().build();
      try {
        byte[] cut =
            RawCalls.truncated(
                EnrollRequest.newBuilder()
                    .setCollection("m")
                    .setSubjectId("s")
                    .addInputs(embedding(new FaceLikeVectors(7).identity()))
                    .build()
                    .toByteArray());
        StatusRuntimeException e =
            assertThrows(
                StatusRuntimeException.class,
                () -> RawCalls.unary(channel, FaceSearchGrpc.getEnrollMethod(), cut));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Scrape scrape = Scrape.of(server.metricsPort());
        while ((scrape.valueOrZero("facesearch_rpc_in_flight") > 0
                || scrape.value(
                        "facesearch_rpc_requests_total",
                        "method",
                        "Enroll",
                        "code",
                        "INVALID_ARGUMENT")
                    == null)
            && System.nanoTime() < deadline) {
          Thread.sleep(20);
          scrape = Scrape.of(server.metricsPort());
        }
        assertEquals(
            1.0,
            scrape.value(
                "facesearch_rpc_requests_total", "method", "Enroll", "code", "INVALID_ARGUMENT"),
            scrape.text());
        for (String other : new String[] {"UNKNOWN", "CANCELLED", "INTERNAL"}) {
          assertEquals(
              null,
              scrape.value("facesearch_rpc_requests_total", "method", "Enroll", "code", other),
              scrape.text());
        }
      } finally {
        channel.shutdownNow();
      }
    }
  }

  /**
   * Scrapes until this many FaceSearch calls are counted and none is in flight: a call is counted
   * when it ends on the server, which may be just after its answer reached the client.
   */
  private static Scrape awaitCallsCounted(int port, int calls) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      Scrape scrape = Scrape.of(port);
      double counted = 0;
      for (String method : new String[] {"CreateCollection", "Enroll", "Identify", "GetSubject"}) {
        counted +=
            scrape.valueOrZero("facesearch_rpc_requests_total", "method", method, "code", "OK");
      }
      counted +=
          scrape.valueOrZero(
              "facesearch_rpc_requests_total", "method", "GetCollection", "code", "NOT_FOUND");
      if ((counted >= calls && scrape.valueOrZero("facesearch_rpc_in_flight") == 0)
          || System.nanoTime() > deadline) {
        return scrape;
      }
      Thread.sleep(20);
    }
  }
}
