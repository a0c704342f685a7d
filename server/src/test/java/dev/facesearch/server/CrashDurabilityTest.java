package dev.facesearch.server;

import static dev.facesearch.server.testing.Protos.embedding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.api.v1.Candidate;
import dev.facesearch.api.v1.CreateCollectionRequest;
import dev.facesearch.api.v1.DeleteFaceRequest;
import dev.facesearch.api.v1.EnrollRequest;
import dev.facesearch.api.v1.Face;
import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.api.v1.GetCollectionRequest;
import dev.facesearch.api.v1.GetSubjectRequest;
import dev.facesearch.api.v1.IdentifyRequest;
import dev.facesearch.api.v1.Subject;
import dev.facesearch.server.testing.FaceLikeVectors;
import dev.facesearch.server.testing.ServerProcess;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged write survives {@code kill -9}: writers enroll and delete against a server
 * process, the process is killed mid-stream, and after a restart every acknowledged face is there,
 * every acknowledged delete is still deleted, and every face present was fully written.
 */
class CrashDurabilityTest {
  private static final String C = "crash";
  private static final int WRITERS = 4;
  private static final int ROUNDS = 10;

  @TempDir Path data;
  @TempDir Path logs;

  private static ManagedChannel connect(int port) {
    return NettyChannelBuilder.forAddress("localhost", port).usePlaintext().build();
  }

  @Test
  void acknowledgedWrites_surviveKillDashNine() throws Exception {
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Set<String> deleted = ConcurrentHashMap.newKeySet();
    Map<String, float[]> attempted = new ConcurrentHashMap<>();
    Path log = logs.resolve("server.log");

    for (int round = 0; round < ROUNDS; round++) {
      ServerProcess server = ServerProcess.start(data, log);
      ManagedChannel channel = connect(server.port());
      try {
        FaceSearchGrpc.FaceSearchBlockingStub stub = FaceSearchGrpc.newBlockingStub(channel);
        if (round == 0) {
          stub.createCollection(
              CreateCollectionRequest.newBuilder()
                  .setName(C)
                  .setEmbeddingModel("external")
                  .setMatchThreshold(1)
                  .build());
        }
        assertAllPresent(stub, acknowledged, deleted, attempted);

        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
          int writer = w;
          int seed = round * 100 + w;
          String prefix = round + "-";
          writers.add(
              Thread.ofPlatform()
                  .start(() ->
                      write(
                          stub,
                          "writer-" + writer,
                          prefix,
                          new FaceLikeVectors(seed),
                          attempted,
                          acknowledged,
                          deleted)));
        }
        Thread.sleep(1500);
        server.kill();
        for (Thread t : writers) {
          t.join(TimeUnit.SECONDS.toMillis(30));
        }
      } finally {
        channel.shutdownNow();
        server.stop();
      }
    }

    ServerProcess server = ServerProcess.start(data, log);
    ManagedChannel channel = connect(server.port());
    try {
      FaceSearchGrpc.FaceSearchBlockingStub stub = FaceSearchGrpc.newBlockingStub(channel);
      assertAllPresent(stub, acknowledged, deleted, attempted);
      assertTrue(
          acknowledged.size() > 20, "the writers got " + acknowledged.size() + " acknowledgements");
    } finally {
      channel.shutdownNow();
      server.stop();
    }
  }

  /**
   * Enrolls faces one per call, and deletes every fifth acknowledged one, until the server dies.
   */
  private static void write(
      FaceSearchGrpc.FaceSearchBlockingStub stub,
      String subject,
      String round,
      FaceLikeVectors faces,
      Map<String, float[]> attempted,
      Set<String> acknowledged,
      Set<String> deleted) {
    try {
      for (int i = 0; ; i++) {
        // Every attempt is remembered, so a face that shows up unacknowledged can be checked too.
        String seq = round + i;
        float[] vector = faces.identity();
        attempted.put(subject + "/" + seq, vector);
        String faceId =
            stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                .enroll(
                    EnrollRequest.newBuilder()
                        .setCollection(C)
                        .setSubjectId(subject)
                        .addInputs(embedding(vector))
                        .putMetadata("writer", subject)
                        .putMetadata("seq", seq)
                        .build())
                .getOutcomes(0)
                .getFaceId();
        acknowledged.add(faceId);
        if (i % 5 == 4) {
          // While the delete is in flight the face may or may not survive a crash.
          acknowledged.remove(faceId);
          stub.withDeadlineAfter(10, TimeUnit.SECONDS)
              .deleteFace(
                  DeleteFaceRequest.newBuilder().setCollection(C).setFaceId(faceId).build());
          deleted.add(faceId);
        }
      }
    } catch (StatusRuntimeException e) {
      // The server was killed: the call in flight was not acknowledged.
    }
  }

  /**
   * Every acknowledged face is there and no deleted one is; every face there (acknowledged or
   * caught in flight by the kill) is whole: its subject, metadata and content hash, and its vector,
   * which a search finds as itself.
   */
  private static void assertAllPresent(
      FaceSearchGrpc.FaceSearchBlockingStub stub,
      Set<String> acknowledged,
      Set<String> deleted,
      Map<String, float[]> attempted) {
    Set<String> present = new java.util.HashSet<>();
    for (int w = 0; w < WRITERS; w++) {
      try {
        Subject subject =
            stub.getSubject(
                GetSubjectRequest.newBuilder()
                    .setCollection(C)
                    .setSubjectId("writer-" + w)
                    .build());
        for (Face face : subject.getFacesList()) {
          // Fully written: every stored field is there.
          assertEquals("writer-" + w, face.getMetadataOrThrow("writer"));
          assertEquals(64, face.getContentHash().length());
          float[] vector = attempted.get("writer-" + w + "/" + face.getMetadataOrThrow("seq"));
          assertNotNull(vector, "a face no writer sent: " + face);
          Candidate nearest =
              stub.identify(
                      IdentifyRequest.newBuilder()
                          .setCollection(C)
                          .setInput(embedding(vector))
                          .setTopK(1)
                          .build())
                  .getResults(0)
                  .getCandidates(0);
          assertEquals(face.getFaceId(), nearest.getFaceId(), "its vector finds it");
          assertTrue(nearest.getDistance() < 1e-4, "distance to itself " + nearest.getDistance());
          present.add(face.getFaceId());
        }
      } catch (StatusRuntimeException e) {
        // NOT_FOUND: the writer had nothing acknowledged yet.
      }
    }
    Set<String> missing =
        acknowledged.stream().filter(id -> !present.contains(id)).collect(Collectors.toSet());
    assertEquals(Set.of(), missing, "acknowledged faces lost");
    Set<String> resurrected =
        deleted.stream().filter(present::contains).collect(Collectors.toSet());
    assertEquals(Set.of(), resurrected, "deleted faces came back");
    long faces =
        stub.getCollection(GetCollectionRequest.newBuilder().setName(C).build())
            .getStats()
            .getFaceCount();
    assertEquals(present.size(), faces);
  }
}
