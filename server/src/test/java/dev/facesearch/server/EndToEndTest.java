package dev.facesearch.server;

import static dev.facesearch.server.testing.Protos.embedding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.api.v1.Candidate;
import dev.facesearch.api.v1.CreateCollectionRequest;
import dev.facesearch.api.v1.EnrollRequest;
import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.api.v1.IdentifyRequest;
import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.testing.FaceLikeVectors;
import dev.facesearch.server.testing.TestServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server on a real TCP port, as an outside client sees it: 100 subjects with 10
 * embeddings each, identified from new noisy views, before and after a restart.
 */
class EndToEndTest {
  private static final String C = "e2e";
  private static final int SUBJECTS = 100;
  private static final int PER_SUBJECT = 10;

  @TempDir Path data;

  private static ManagedChannel connect(int port) {
    return NettyChannelBuilder.forAddress("localhost", port).usePlaintext().build();
  }

  private static List<String> identifyAll(
      FaceSearchGrpc.FaceSearchBlockingStub stub, List<float[]> queries) {
    List<String> answers = new ArrayList<>();
    for (float[] q : queries) {
      List<Candidate> candidates =
          stub.identify(
                  IdentifyRequest.newBuilder()
                      .setCollection(C)
                      .setInput(embedding(q))
                      .setTopK(1)
                      .build())
              .getResults(0)
              .getCandidatesList();
      answers.add(candidates.isEmpty() ? "" : candidates.getFirst().getSubjectId());
    }
    return answers;
  }

  @Test
  void enrollIdentifyRestart_overARealPort() throws Exception {
    ServerSettings settings = TestServer.settings(data).withPort(0);
    FaceLikeVectors faces = new FaceLikeVectors(4242);
    List<float[]> queries = new ArrayList<>();
    List<String> truth = new ArrayList<>();
    List<String> before;

    try (FaceSearchServer server = FaceSearchServer.start(settings)) {
      ManagedChannel channel = connect(server.port());
      try {
        FaceSearchGrpc.FaceSearchBlockingStub stub =
            FaceSearchGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        stub.createCollection(CreateCollectionRequest.newBuilder().setName(C).build());
        for (int s = 0; s < SUBJECTS; s++) {
          float[] identity = faces.identity();
          EnrollRequest.Builder request =
              EnrollRequest.newBuilder().setCollection(C).setSubjectId("person-" + s);
          for (int p = 0; p < PER_SUBJECT; p++) {
            request.addInputs(embedding(faces.view(identity)));
          }
          stub.enroll(request.build());
          queries.add(faces.view(identity));
          truth.add("person-" + s);
        }
        before = identifyAll(stub, queries);
        long right = 0;
        for (int i = 0; i < truth.size(); i++) {
          right += truth.get(i).equals(before.get(i)) ? 1 : 0;
        }
        assertTrue(right >= 0.99 * SUBJECTS, "top-1 " + right + "/" + SUBJECTS);

        assertInvalid(
            () ->
                stub.identify(
                    IdentifyRequest.newBuilder()
                        .setCollection(C)
                        .setInput(embedding(new float[127]))
                        .build()),
            Status.Code.INVALID_ARGUMENT);
        assertInvalid(
            () ->
                stub.identify(
                    IdentifyRequest.newBuilder()
                        .setCollection("nope")
                        .setInput(embedding(queries.get(0)))
                        .build()),
            Status.Code.NOT_FOUND);
        // Larger than the message limit: refused by gRPC before it reaches the service.
        float[] huge = new float[ServerSettings.DEFAULT_MAX_MESSAGE_BYTES / 4 + 1];
        assertInvalid(
            () ->
                stub.identify(
                    IdentifyRequest.newBuilder()
                        .setCollection(C)
                        .setInput(embedding(huge))
                        .build()),
            Status.Code.RESOURCE_EXHAUSTED);
        assertTrue(reflectedServices(channel).contains(FaceSearchGrpc.SERVICE_NAME));
      } finally {
        channel.shutdownNow();
      }
    }

    try (FaceSearchServer server = FaceSearchServer.start(settings)) {
      ManagedChannel channel = connect(server.port());
      try {
        FaceSearchGrpc.FaceSearchBlockingStub stub =
            FaceSearchGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        assertEquals(before, identifyAll(stub, queries), "same answers after a restart");
      } finally {
        channel.shutdownNow();
      }
    }
  }

  private static void assertInvalid(Runnable call, Status.Code expected) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
    assertEquals(expected, e.getStatus().getCode(), e.getStatus().toString());
  }

  private static List<String> reflectedServices(ManagedChannel channel) throws Exception {
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channel)
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
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    ServerReflectionResponse response = answer.get(10, TimeUnit.SECONDS);
    requests.onCompleted();
    return response.getListServicesResponse().getServiceList().stream()
        .map(ServiceResponse::getName)
        .toList();
  }
}
