package dev.facesearch.bench.load;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import dev.facesearch.api.v1.Embedding;
import dev.facesearch.api.v1.EnrollRequest;
import dev.facesearch.api.v1.EnrollResult;
import dev.facesearch.api.v1.FaceInput;
import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.api.v1.IdentifyRequest;
import dev.facesearch.bench.pipeline.BenchPhotos;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;

/**
 * The calls of each load: requests are built before the run where they can be, so the generator
 * spends its CPU sending, not building.
 */
public final class Workloads {
  private Workloads() {}

  /** Identify with one embedding, top_k unset (5), cycling through the probes. */
  public static ClosedLoop.Call identifyByEmbedding(
      FaceSearchGrpc.FaceSearchFutureStub stub, String collection, List<float[]> probes) {
    List<IdentifyRequest> requests = new ArrayList<>(probes.size());
    for (float[] probe : probes) {
      Embedding.Builder embedding = Embedding.newBuilder();
      for (float v : probe) {
        embedding.addValues(v);
      }
      requests.add(
          IdentifyRequest.newBuilder()
              .setCollection(collection)
              .setInput(FaceInput.newBuilder().setEmbedding(embedding))
              .build());
    }
    return cycling(requests, stub::identify);
  }

  /** Identify with a photo, the collection's detection settings, cycling through the photos. */
  public static ClosedLoop.Call identifyByImage(
      FaceSearchGrpc.FaceSearchFutureStub stub, String collection, List<byte[]> photos) {
    List<IdentifyRequest> requests =
        photos.stream()
            .map(photo ->
                IdentifyRequest.newBuilder()
                    .setCollection(collection)
                    .setInput(FaceInput.newBuilder().setImage(ByteString.copyFrom(photo)))
                    .build())
            .toList();
    return cycling(requests, stub::identify);
  }

  /**
   * Enroll of one new face-like embedding for a new subject per call: every call writes, so every
   * call waits for a commit, and concurrent calls can share one.
   *
   * @param run distinguishes the subjects of separate runs on one collection
   */
  public static ClosedLoop.Call enrollOneFace(
      FaceSearchGrpc.FaceSearchFutureStub stub,
      String collection,
      FaceVectors vectors,
      String run,
      int clients) {
    // One generator per client: a client's calls run one after another, never concurrently.
    List<Random> randoms = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      randoms.add(new Random(run.hashCode() * 31L + c));
    }
    return (client, sequence) -> {
      Random mine = randoms.get(client);
      Embedding.Builder embedding = Embedding.newBuilder();
      for (float v : vectors.photo(vectors.identity(mine), mine)) {
        embedding.addValues(v);
      }
      return stub.enroll(
          EnrollRequest.newBuilder()
              .setCollection(collection)
              .setSubjectId(run + "-" + client + "-" + sequence)
              .addInputs(FaceInput.newBuilder().setEmbedding(embedding))
              .build());
    };
  }

  /**
   * What the Enroll-by-image calls did: inputs sent and faces enrolled, over every call (warm-up
   * included).
   */
  public record EnrollTally(LongAdder inputs, LongAdder enrolled) {
    public EnrollTally() {
      this(new LongAdder(), new LongAdder());
    }
  }

  /**
   * Enroll of {@code perCall} JPEG photos for a new subject per call: consecutive photos of the
   * list (with LFW's sorted 10 x 10 and 10 per call, one person's photos), groups cycling per
   * client, each photo's bytes made distinct by a comment ({@link BenchPhotos#withComment}).
   *
   * @param run distinguishes the subjects of separate runs on one collection
   */
  public static ClosedLoop.Call enrollPhotos(
      FaceSearchGrpc.FaceSearchFutureStub stub,
      String collection,
      List<byte[]> photos,
      int perCall,
      String run,
      EnrollTally tally) {
    if (perCall < 1 || perCall > photos.size()) {
      throw new IllegalArgumentException(
          "photos per call must be 1 to " + photos.size() + ", got " + perCall);
    }
    int groups = photos.size() / perCall;
    return (client, sequence) -> {
      int group = (int) ((client * 7919L + sequence) % groups);
      String subject = run + "-" + client + "-" + sequence;
      EnrollRequest.Builder request =
          EnrollRequest.newBuilder().setCollection(collection).setSubjectId(subject);
      for (int i = group * perCall; i < (group + 1) * perCall; i++) {
        // A comment naming the call makes every photo's bytes new: no cache can answer.
        byte[] photo = BenchPhotos.withComment(photos.get(i), subject);
        request.addInputs(FaceInput.newBuilder().setImage(ByteString.copyFrom(photo)));
      }
      return Futures.transform(
          stub.enroll(request.build()),
          response -> {
            tally.inputs().add(response.getOutcomesCount());
            tally
                .enrolled()
                .add(
                    response.getOutcomesList().stream()
                        .filter(o -> o.getResult() == EnrollResult.ENROLL_RESULT_ENROLLED)
                        .count());
            return response;
          },
          MoreExecutors.directExecutor());
    };
  }

  private static ClosedLoop.Call cycling(
      List<IdentifyRequest> requests,
      java.util.function.Function<
              IdentifyRequest, com.google.common.util.concurrent.ListenableFuture<?>>
          send) {
    // Clients start at spread-out offsets so they do not send the same request together.
    return (client, sequence) ->
        send.apply(requests.get((int) ((client * 7919L + sequence) % requests.size())));
  }
}
