package dev.facesearch.server;

import static dev.facesearch.server.testing.Protos.embedding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.api.v1.Candidate;
import dev.facesearch.api.v1.CreateCollectionRequest;
import dev.facesearch.api.v1.DeleteFaceRequest;
import dev.facesearch.api.v1.DeleteSubjectRequest;
import dev.facesearch.api.v1.EnrollOutcome;
import dev.facesearch.api.v1.EnrollRequest;
import dev.facesearch.api.v1.EnrollResult;
import dev.facesearch.api.v1.Face;
import dev.facesearch.api.v1.FaceResult;
import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.api.v1.GetSubjectRequest;
import dev.facesearch.api.v1.IdentifyRequest;
import dev.facesearch.api.v1.ListSubjectsRequest;
import dev.facesearch.api.v1.ListSubjectsResponse;
import dev.facesearch.api.v1.Subject;
import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.testing.FaceLikeVectors;
import dev.facesearch.server.testing.TestServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sixteen clients at once on a real TCP port, for {@code facesearch.soak.seconds} (default 120):
 * each enrolls, re-enrolls and deletes faces of subjects only it writes, and identifies across
 * everyone's. Each client keeps a model of what the server acknowledged; because no two clients
 * write the same subject, every outcome is predictable, and any other outcome fails the test. At
 * the end, and again after a restart on the same folder, the subjects and faces listed through the
 * API must equal the union of the models exactly.
 */
class ConcurrentClientsTest {
  private static final String C = "soak";
  private static final int CLIENTS = 16;
  private static final int SUBJECTS_PER_CLIENT = 4;
  private static final int MAX_FACES_PER_SUBJECT = 12;

  @TempDir Path data;

  /** What one client believes its subjects hold: subject, then face id, then its vector. */
  private static final class Model {
    final Map<String, Map<String, float[]>> subjects = new TreeMap<>();
    final Map<String, float[]> deleted = new HashMap<>();
    final Map<String, Long> ops = new TreeMap<>();

    void count(String op) {
      ops.merge(op, 1L, Long::sum);
    }
  }

  @Test
  void sixteenClients_mixingWritesAndReads_leaveExactlyWhatWasAcknowledged() throws Exception {
    long seconds = Long.getLong("facesearch.soak.seconds", 120);
    ServerSettings settings = TestServer.settings(data).withPort(0);
    List<Model> models = new ArrayList<>();

    try (FaceSearchServer server = FaceSearchServer.start(settings)) {
      ManagedChannel channel = connect(server.port());
      try {
        stub(channel)
            .createCollection(
                CreateCollectionRequest.newBuilder()
                    .setName(C)
                    .setEmbeddingModel("external")
                    .setMatchThreshold(1)
                    .build());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService clients =
            Executors.newFixedThreadPool(CLIENTS, Thread.ofPlatform().name("client-", 0).factory());
        List<Future<Model>> results = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          int client = c;
          results.add(clients.submit(() -> runClient(server.port(), client, end)));
        }
        clients.shutdown();
        for (Future<Model> result : results) {
          models.add(result.get(seconds + 120, TimeUnit.SECONDS));
        }
        assertMatchesModels(stub(channel), models);
      } finally {
        channel.shutdownNow();
      }
    }

    Map<String, Long> ops = new TreeMap<>();
    models.forEach(m -> m.ops.forEach((op, n) -> ops.merge(op, n, Long::sum)));
    System.out.println("soak: " + seconds + " s, " + ops);
    assertTrue(ops.getOrDefault("enroll", 0L) > CLIENTS, "every client got work done: " + ops);

    try (FaceSearchServer server = FaceSearchServer.start(settings)) {
      ManagedChannel channel = connect(server.port());
      try {
        assertMatchesModels(stub(channel), models);
      } finally {
        channel.shutdownNow();
      }
    }
  }

  private static ManagedChannel connect(int port) {
    return NettyChannelBuilder.forAddress("localhost", port).usePlaintext().build();
  }

  private static FaceSearchGrpc.FaceSearchBlockingStub stub(ManagedChannel channel) {
    return FaceSearchGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  /** One client: its own channel, its own subjects, a seeded mix of calls until the end. */
  private static Model runClient(int port, int client, long end) {
    Random random = new Random(1000 + client);
    FaceLikeVectors vectors = new FaceLikeVectors(2000 + client);
    Model model = new Model();
    ManagedChannel channel = connect(port);
    try {
      while (System.nanoTime() < end) {
        String subject = "client-" + client + "/subject-" + random.nextInt(SUBJECTS_PER_CLIENT);
        Map<String, float[]> faces = model.subjects.getOrDefault(subject, Map.of());
        int dice = random.nextInt(100);
        if (dice < 35 && faces.size() < MAX_FACES_PER_SUBJECT) {
          enrollNew(stub(channel), model, subject, vectors.identity(), client);
        } else if (dice < 45 && !faces.isEmpty()) {
          reEnroll(stub(channel), model, subject, pick(random, faces), client);
        } else if (dice < 75) {
          identifyOwn(stub(channel), model, subject, vectors, random);
        } else if (dice < 92) {
          deleteFace(stub(channel), model, subject, random);
        } else {
          deleteSubject(stub(channel), model, subject);
        }
      }
    } finally {
      channel.shutdownNow();
    }
    return model;
  }

  private static String pick(Random random, Map<String, float[]> faces) {
    List<String> ids = new ArrayList<>(faces.keySet());
    return ids.get(random.nextInt(ids.size()));
  }

  private static EnrollOutcome enroll(
      FaceSearchGrpc.FaceSearchBlockingStub stub, String subject, float[] vector, int client) {
    return stub.enroll(
            EnrollRequest.newBuilder()
                .setCollection(C)
                .setSubjectId(subject)
                .addInputs(embedding(vector))
                .putMetadata("client", Integer.toString(client))
                .build())
        .getOutcomes(0);
  }

  /** A new vector must be ENROLLED under a new id. */
  private static void enrollNew(
      FaceSearchGrpc.FaceSearchBlockingStub stub,
      Model model,
      String subject,
      float[] vector,
      int client) {
    EnrollOutcome outcome = enroll(stub, subject, vector, client);
    assertEquals(EnrollResult.ENROLL_RESULT_ENROLLED, outcome.getResult(), outcome.getDetail());
    Map<String, float[]> faces = model.subjects.computeIfAbsent(subject, s -> new HashMap<>());
    assertTrue(faces.put(outcome.getFaceId(), vector) == null, "a new face got an old id");
    model.count("enroll");
  }

  /** A face this client holds, sent again: ALREADY_ENROLLED, with the same id. */
  private static void reEnroll(
      FaceSearchGrpc.FaceSearchBlockingStub stub,
      Model model,
      String subject,
      String faceId,
      int client) {
    EnrollOutcome outcome = enroll(stub, subject, model.subjects.get(subject).get(faceId), client);
    assertEquals(EnrollResult.ENROLL_RESULT_ALREADY_ENROLLED, outcome.getResult());
    assertEquals(faceId, outcome.getFaceId());
    model.count("re-enroll");
  }

  /**
   * Identifies either a face this client holds, which no one else can delete, so it must come back
   * first at distance about 0; or a stranger, which must come back with well-formed candidates.
   */
  private static void identifyOwn(
      FaceSearchGrpc.FaceSearchBlockingStub stub,
      Model model,
      String subject,
      FaceLikeVectors vectors,
      Random random) {
    Map<String, float[]> faces = model.subjects.getOrDefault(subject, Map.of());
    boolean own = !faces.isEmpty() && random.nextBoolean();
    String faceId = own ? pick(random, faces) : null;
    float[] query = own ? faces.get(faceId) : vectors.identity();
    FaceResult result =
        stub.identify(
                IdentifyRequest.newBuilder()
                    .setCollection(C)
                    .setInput(embedding(query))
                    .setTopK(5)
                    .build())
            .getResults(0);
    List<Candidate> candidates = result.getCandidatesList();
    assertTrue(candidates.size() <= 5);
    for (int i = 1; i < candidates.size(); i++) {
      assertTrue(candidates.get(i - 1).getDistance() <= candidates.get(i).getDistance());
    }
    if (own) {
      Candidate first = candidates.getFirst();
      assertEquals(subject, first.getSubjectId());
      assertEquals(faceId, first.getFaceId());
      assertTrue(first.getDistance() < 1e-4, "distance to itself: " + first.getDistance());
    }
    model.count("identify");
  }

  /** Deletes a face this client holds, or one it already deleted, which must be NOT_FOUND. */
  private static void deleteFace(
      FaceSearchGrpc.FaceSearchBlockingStub stub, Model model, String subject, Random random) {
    Map<String, float[]> faces = model.subjects.get(subject);
    Map<String, float[]> gone = model.deleted;
    boolean again = faces == null || faces.isEmpty() || (!gone.isEmpty() && random.nextInt(4) == 0);
    if (again) {
      if (gone.isEmpty()) {
        return;
      }
      String faceId = pick(random, gone);
      expectNotFound(() ->
          stub.deleteFace(
              DeleteFaceRequest.newBuilder().setCollection(C).setFaceId(faceId).build()));
      model.count("delete-face-again");
      return;
    }
    String faceId = pick(random, faces);
    assertEquals(
        subject,
        stub.deleteFace(DeleteFaceRequest.newBuilder().setCollection(C).setFaceId(faceId).build())
            .getSubjectId());
    gone.put(faceId, faces.remove(faceId));
    if (faces.isEmpty()) {
      model.subjects.remove(subject);
    }
    model.count("delete-face");
  }

  /** Deletes a subject: its face count back if it has faces, NOT_FOUND if not. */
  private static void deleteSubject(
      FaceSearchGrpc.FaceSearchBlockingStub stub, Model model, String subject) {
    Map<String, float[]> faces = model.subjects.get(subject);
    DeleteSubjectRequest request =
        DeleteSubjectRequest.newBuilder().setCollection(C).setSubjectId(subject).build();
    if (faces == null || faces.isEmpty()) {
      expectNotFound(() -> stub.deleteSubject(request));
      model.count("delete-subject-empty");
      return;
    }
    assertEquals(faces.size(), stub.deleteSubject(request).getDeletedFaces());
    model.deleted.putAll(faces);
    model.subjects.remove(subject);
    model.count("delete-subject");
  }

  private static void expectNotFound(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode(), e.getStatus().toString());
      return;
    }
    throw new AssertionError("expected NOT_FOUND");
  }

  /** Every subject and face listed through the API is exactly the union of the models. */
  private static void assertMatchesModels(
      FaceSearchGrpc.FaceSearchBlockingStub stub, List<Model> models) {
    Map<String, Map<String, String>> expected = new TreeMap<>();
    for (int client = 0; client < models.size(); client++) {
      for (Map.Entry<String, Map<String, float[]>> subject :
          models.get(client).subjects.entrySet()) {
        Map<String, String> faces = new TreeMap<>();
        for (String faceId : subject.getValue().keySet()) {
          faces.put(faceId, Integer.toString(client));
        }
        expected.put(subject.getKey(), faces);
      }
    }

    Map<String, Map<String, String>> actual = new TreeMap<>();
    String token = "";
    do {
      ListSubjectsResponse page =
          stub.listSubjects(
              ListSubjectsRequest.newBuilder()
                  .setCollection(C)
                  .setPageSize(7)
                  .setPageToken(token)
                  .build());
      for (Subject listed : page.getSubjectsList()) {
        Subject subject =
            stub.getSubject(
                GetSubjectRequest.newBuilder()
                    .setCollection(C)
                    .setSubjectId(listed.getSubjectId())
                    .build());
        assertEquals(listed.getFaceCount(), subject.getFacesCount(), listed.getSubjectId());
        Map<String, String> faces = new TreeMap<>();
        for (Face face : subject.getFacesList()) {
          assertEquals(64, face.getContentHash().length());
          faces.put(face.getFaceId(), face.getMetadataOrDefault("client", "?"));
        }
        actual.put(listed.getSubjectId(), faces);
      }
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    assertEquals(expected, actual, "subjects and faces through the API");

    // Every face still held is found, as itself, by a search.
    for (Model model : models) {
      for (Map.Entry<String, Map<String, float[]>> subject : model.subjects.entrySet()) {
        for (Map.Entry<String, float[]> face : subject.getValue().entrySet()) {
          Candidate first =
              stub.identify(
                      IdentifyRequest.newBuilder()
                          .setCollection(C)
                          .setInput(embedding(face.getValue()))
                          .setTopK(1)
                          .build())
                  .getResults(0)
                  .getCandidates(0);
          assertEquals(face.getKey(), first.getFaceId(), subject.getKey());
        }
      }
    }
  }
}
