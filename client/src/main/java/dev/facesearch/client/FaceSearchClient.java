package dev.facesearch.client;

import dev.facesearch.api.v1.Collection;
import dev.facesearch.api.v1.CompactCollectionRequest;
import dev.facesearch.api.v1.CompactionProgress;
import dev.facesearch.api.v1.CreateCollectionRequest;
import dev.facesearch.api.v1.DeleteCollectionRequest;
import dev.facesearch.api.v1.DeleteFaceRequest;
import dev.facesearch.api.v1.DeleteSubjectRequest;
import dev.facesearch.api.v1.Embedding;
import dev.facesearch.api.v1.EnrollRequest;
import dev.facesearch.api.v1.EnrollResponse;
import dev.facesearch.api.v1.FaceInput;
import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.api.v1.GetCollectionRequest;
import dev.facesearch.api.v1.GetSubjectRequest;
import dev.facesearch.api.v1.IdentifyRequest;
import dev.facesearch.api.v1.IdentifyResponse;
import dev.facesearch.api.v1.ListCollectionsRequest;
import dev.facesearch.api.v1.ListSubjectsRequest;
import dev.facesearch.api.v1.ListSubjectsResponse;
import dev.facesearch.api.v1.Subject;
import dev.facesearch.api.v1.VerifyRequest;
import dev.facesearch.api.v1.VerifyResponse;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A typed client of the facesearch.v1 API. Every call gets the client's deadline; closing the
 * client shuts its channel down.
 *
 * <p>Calls throw {@link io.grpc.StatusRuntimeException} with the server's status when they fail.
 * Safe for concurrent use.
 */
public final class FaceSearchClient implements AutoCloseable {
  /** Most inputs one Enroll call takes. */
  public static final int MAX_INPUTS_PER_CALL = 100;

  private final ManagedChannel channel;
  private final Duration deadline;
  private final FaceSearchGrpc.FaceSearchBlockingStub stub;

  /** A client over an existing channel, which it will own and close. */
  public FaceSearchClient(ManagedChannel channel, Duration deadline) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    this.stub = FaceSearchGrpc.newBlockingStub(channel);
  }

  /**
   * Connects to a server without TLS.
   *
   * @param target "host:port"
   * @param deadline the deadline of each call
   */
  public static FaceSearchClient connect(String target, Duration deadline) {
    return new FaceSearchClient(
        NettyChannelBuilder.forTarget(target).usePlaintext().build(), deadline);
  }

  /**
   * Connects to a server, over TLS if {@code tls} says so, sending an API key with every call if
   * one is given.
   *
   * @param target "host:port"
   * @param deadline the deadline of each call
   * @param tls whether to speak TLS
   * @param caCert PEM certificates to trust instead of the system's (a private CA, a self-signed
   *     server); needs {@code tls}
   * @param apiKey the key, sent as {@code authorization: Bearer <key>}
   */
  public static FaceSearchClient connect(
      String target, Duration deadline, boolean tls, Optional<Path> caCert, Optional<String> apiKey)
      throws IOException {
    if (caCert.isPresent() && !tls) {
      throw new IllegalArgumentException("a CA certificate is for TLS connections");
    }
    ChannelCredentials credentials = InsecureChannelCredentials.create();
    if (tls) {
      TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
      if (caCert.isPresent()) {
        builder.trustManager(caCert.get().toFile());
      }
      credentials = builder.build();
    }
    NettyChannelBuilder channel = NettyChannelBuilder.forTarget(target, credentials);
    if (apiKey.isPresent()) {
      Metadata headers = new Metadata();
      headers.put(AUTHORIZATION, "Bearer " + apiKey.get());
      channel.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    return new FaceSearchClient(channel.build(), deadline);
  }

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private FaceSearchGrpc.FaceSearchBlockingStub call() {
    return stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The serving status of the FaceSearch service, from the standard health service. */
  public HealthCheckResponse.ServingStatus health() {
    return HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
        .check(HealthCheckRequest.newBuilder().setService(FaceSearchGrpc.SERVICE_NAME).build())
        .getStatus();
  }

  public Collection createCollection(CreateCollectionRequest request) {
    return call().createCollection(request);
  }

  public Collection getCollection(String name) {
    return call().getCollection(GetCollectionRequest.newBuilder().setName(name).build());
  }

  public List<Collection> listCollections() {
    return call().listCollections(ListCollectionsRequest.getDefaultInstance()).getCollectionsList();
  }

  /**
   * Compacts a collection, calling {@code progress} with each message the server streams (about one
   * a second, the last with done set); returns the last. Without a deadline: a compaction of a
   * large collection takes minutes.
   */
  public CompactionProgress compactCollection(
      String name, java.util.function.Consumer<CompactionProgress> progress) {
    CompactionProgress last = null;
    Iterator<CompactionProgress> messages =
        stub.compactCollection(CompactCollectionRequest.newBuilder().setName(name).build());
    while (messages.hasNext()) {
      last = messages.next();
      progress.accept(last);
    }
    if (last == null || !last.getDone()) {
      throw new IllegalStateException("the server ended the compaction stream before it was done");
    }
    return last;
  }

  public void deleteCollection(String name) {
    call().deleteCollection(DeleteCollectionRequest.newBuilder().setName(name).build());
  }

  public EnrollResponse enroll(EnrollRequest request) {
    return call().enroll(request);
  }

  /** Enrolls embeddings of one subject, at most {@link #MAX_INPUTS_PER_CALL}. */
  public EnrollResponse enrollEmbeddings(
      String collection, String subjectId, List<float[]> embeddings, Map<String, String> metadata) {
    EnrollRequest.Builder request =
        EnrollRequest.newBuilder()
            .setCollection(collection)
            .setSubjectId(subjectId)
            .putAllMetadata(metadata);
    embeddings.forEach(e -> request.addInputs(embedding(e)));
    return enroll(request.build());
  }

  public IdentifyResponse identify(IdentifyRequest request) {
    return call().identify(request);
  }

  /** The {@code topK} subjects nearest to an embedding. */
  public IdentifyResponse identifyEmbedding(String collection, float[] embedding, int topK) {
    return identify(
        IdentifyRequest.newBuilder()
            .setCollection(collection)
            .setInput(embedding(embedding))
            .setTopK(topK)
            .build());
  }

  public VerifyResponse verify(VerifyRequest request) {
    return call().verify(request);
  }

  /** Whether an embedding shows an enrolled subject. */
  public VerifyResponse verifyEmbedding(String collection, float[] probe, String subjectId) {
    return verify(
        VerifyRequest.newBuilder()
            .setCollection(collection)
            .setProbe(embedding(probe))
            .setSubjectId(subjectId)
            .build());
  }

  public dev.facesearch.api.v1.DetectResponse detect(dev.facesearch.api.v1.DetectRequest request) {
    return call().detect(request);
  }

  public dev.facesearch.api.v1.AnalyzeFacesResponse analyzeFaces(
      dev.facesearch.api.v1.AnalyzeFacesRequest request) {
    return call().analyzeFaces(request);
  }

  /** An input holding an encoded image. */
  public static FaceInput image(byte[] encoded) {
    return FaceInput.newBuilder()
        .setImage(com.google.protobuf.ByteString.copyFrom(encoded))
        .build();
  }

  public Subject getSubject(String collection, String subjectId) {
    return call()
        .getSubject(
            GetSubjectRequest.newBuilder()
                .setCollection(collection)
                .setSubjectId(subjectId)
                .build());
  }

  /** One page of subjects; pass the previous page's next_page_token, or "" for the first. */
  public ListSubjectsResponse listSubjects(String collection, String pageToken, int pageSize) {
    return call()
        .listSubjects(
            ListSubjectsRequest.newBuilder()
                .setCollection(collection)
                .setPageToken(pageToken)
                .setPageSize(pageSize)
                .build());
  }

  /** Every subject of a collection, fetching page after page. */
  public List<Subject> allSubjects(String collection) {
    List<Subject> subjects = new ArrayList<>();
    String token = "";
    do {
      ListSubjectsResponse page = listSubjects(collection, token, 1000);
      subjects.addAll(page.getSubjectsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return subjects;
  }

  /** Deletes a subject's faces; returns how many. */
  public int deleteSubject(String collection, String subjectId) {
    return call()
        .deleteSubject(
            DeleteSubjectRequest.newBuilder()
                .setCollection(collection)
                .setSubjectId(subjectId)
                .build())
        .getDeletedFaces();
  }

  /** Deletes a face; returns its subject. */
  public String deleteFace(String collection, String faceId) {
    return call()
        .deleteFace(
            DeleteFaceRequest.newBuilder().setCollection(collection).setFaceId(faceId).build())
        .getSubjectId();
  }

  /** An input holding an embedding. */
  public static FaceInput embedding(float[] values) {
    Embedding.Builder embedding = Embedding.newBuilder();
    for (float v : values) {
      embedding.addValues(v);
    }
    return FaceInput.newBuilder().setEmbedding(embedding).build();
  }

  /** Shuts the channel down, waiting briefly for calls in flight. */
  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      channel.shutdownNow();
    }
  }
}
