package dev.facesearch.server.gallery.opensearch;

import static dev.facesearch.server.testing.Protos.embedding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.api.v1.Collection;
import dev.facesearch.api.v1.CreateCollectionRequest;
import dev.facesearch.api.v1.EnrollRequest;
import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.api.v1.GetCollectionRequest;
import dev.facesearch.api.v1.GetSubjectRequest;
import dev.facesearch.api.v1.IdentifyRequest;
import dev.facesearch.api.v1.IdentifyResponse;
import dev.facesearch.api.v1.ShardingSettings;
import dev.facesearch.server.config.GalleryBackend;
import dev.facesearch.server.testing.FaceLikeVectors;
import dev.facesearch.server.testing.TestServer;
import dev.facesearch.server.testing.opensearch.OpenSearchCluster;
import dev.facesearch.server.testing.opensearch.OpenSearchClusterExtension;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Losing a node of the cluster: the server keeps answering Identify, loses no acknowledged face,
 * and the node rejoins when it comes back. Through the gRPC API, on a collection of 3 shards with 1
 * replica each.
 */
@EnabledIf("dev.facesearch.server.testing.opensearch.OpenSearchCluster#enabled")
@ExtendWith(OpenSearchClusterExtension.class)
class OpenSearchNodeLossTest {
  private static final String C = "resilient";
  private static final int SUBJECTS = 200;
  private static final int FACES_PER_SUBJECT = 2;
  private static final int LOST_NODE = 0;

  @TempDir Path data;
  private OpenSearchCluster cluster;

  @AfterEach
  void restoreCluster() throws Exception {
    if (cluster != null && cluster.pid(LOST_NODE) == -1) {
      cluster.startNode(LOST_NODE);
      cluster.awaitHealth("green", cluster.size(), Duration.ofMinutes(4));
    }
    if (cluster != null) {
      cluster.wipe();
    }
  }

  @Test
  void nodeKilled_identifyKeepsAnsweringAndNoAcknowledgedFaceIsLost_thenItRejoins(
      OpenSearchCluster shared) throws Exception {
    cluster = shared;
    try (TestServer server =
        TestServer.start(
            TestServer.settings(data).toBuilder()
                .gallery(GalleryBackend.OPENSEARCH)
                .openSearchUrls(cluster.urls().stream().map(URI::create).toList())
                .build())) {
      FaceSearchGrpc.FaceSearchBlockingStub stub = server.stub();
      Collection created =
          stub.createCollection(
              CreateCollectionRequest.newBuilder()
                  .setName(C)
                  .setSharding(ShardingSettings.newBuilder().setShards(3).setReplicas(1))
                  .build());
      assertEquals(3, created.getSharding().getShards());
      assertEquals(1, created.getSharding().getReplicas());
      cluster.awaitHealth("green", cluster.size(), Duration.ofMinutes(1));

      // Enroll from 8 threads: each Enroll waits for a refresh (up to 1 s), so one by one is slow.
      FaceLikeVectors faces = new FaceLikeVectors(8);
      List<float[][]> enrolled = new ArrayList<>();
      for (int s = 0; s < SUBJECTS; s++) {
        float[] identity = faces.identity();
        float[][] views = new float[FACES_PER_SUBJECT][];
        for (int f = 0; f < FACES_PER_SUBJECT; f++) {
          views[f] = faces.view(identity);
        }
        enrolled.add(views);
      }
      long enrollStart = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> calls = new ArrayList<>();
        for (int s = 0; s < SUBJECTS; s++) {
          int subject = s;
          calls.add(
              pool.submit(() -> {
                EnrollRequest.Builder request =
                    EnrollRequest.newBuilder().setCollection(C).setSubjectId("s" + subject);
                for (float[] view : enrolled.get(subject)) {
                  request.addInputs(embedding(view));
                }
                // Acknowledged when it returns without an exception.
                stub.enroll(request.build());
              }));
        }
        for (Future<?> call : calls) {
          call.get();
        }
      } finally {
        pool.shutdownNow();
      }
      System.out.printf(
          "enrolled %d faces in %d ms%n",
          SUBJECTS * FACES_PER_SUBJECT, (System.nanoTime() - enrollStart) / 1_000_000);

      // Identify without pause while a node dies and the cluster reassigns its shards.
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger answered = new AtomicInteger();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread identifier =
          Thread.ofPlatform()
              .start(() -> {
                for (int i = 0; !stop.get(); i++) {
                  int subject = i % SUBJECTS;
                  try {
                    assertTopOne(stub, enrolled.get(subject)[0], "s" + subject);
                    answered.incrementAndGet();
                  } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    return;
                  }
                }
              });
      Thread.sleep(1000);
      long killed = System.nanoTime();
      long pid = cluster.pid(LOST_NODE);
      cluster.killNode(LOST_NODE);
      System.out.println("killed node-" + LOST_NODE + " (pid " + pid + ") with SIGKILL");
      // The survivors promote replicas and report yellow, then keep answering.
      cluster.awaitHealth("yellow", cluster.size() - 1, Duration.ofMinutes(2));
      System.out.printf(
          "yellow on %d nodes %d ms after the kill%n",
          cluster.size() - 1, (System.nanoTime() - killed) / 1_000_000);
      Thread.sleep(3000);
      stop.set(true);
      identifier.join();
      if (failure.get() != null) {
        throw new AssertionError(
            "Identify failed after " + answered.get() + " answers: " + failure.get(),
            failure.get());
      }
      assertTrue(answered.get() > 0, "identified while the node died");
      System.out.println(answered.get() + " Identify calls answered across the node loss");

      assertEveryFacePresent(stub, enrolled);

      long restart = System.nanoTime();
      cluster.startNode(LOST_NODE);
      cluster.awaitHealth("green", cluster.size(), Duration.ofMinutes(4));
      System.out.printf(
          "node-%d rejoined, cluster green, in %d ms%n",
          LOST_NODE, (System.nanoTime() - restart) / 1_000_000);
      assertEveryFacePresent(stub, enrolled);
    }
  }

  private static void assertEveryFacePresent(
      FaceSearchGrpc.FaceSearchBlockingStub stub, List<float[][]> enrolled) {
    assertEquals(
        (long) SUBJECTS * FACES_PER_SUBJECT,
        stub.getCollection(GetCollectionRequest.newBuilder().setName(C).build())
            .getStats()
            .getFaceCount());
    for (int s = 0; s < SUBJECTS; s++) {
      assertEquals(
          FACES_PER_SUBJECT,
          stub.getSubject(
                  GetSubjectRequest.newBuilder().setCollection(C).setSubjectId("s" + s).build())
              .getFaceCount());
      for (float[] view : enrolled.get(s)) {
        assertTopOne(stub, view, "s" + s);
      }
    }
  }

  /** The enrolled vector itself finds its subject first, at distance 0. */
  private static void assertTopOne(
      FaceSearchGrpc.FaceSearchBlockingStub stub, float[] view, String subject) {
    IdentifyResponse response =
        stub.identify(
            IdentifyRequest.newBuilder()
                .setCollection(C)
                .setInput(embedding(view))
                .setTopK(1)
                .build());
    assertEquals(subject, response.getResults(0).getCandidates(0).getSubjectId());
    assertEquals(0f, response.getResults(0).getCandidates(0).getDistance(), 1e-6f);
  }
}
