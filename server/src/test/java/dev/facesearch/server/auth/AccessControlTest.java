package dev.facesearch.server.auth;

import static dev.facesearch.server.testing.Protos.embedding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.facesearch.api.v1.CreateCollectionRequest;
import dev.facesearch.api.v1.DeleteCollectionRequest;
import dev.facesearch.api.v1.EnrollRequest;
import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.api.v1.IdentifyRequest;
import dev.facesearch.api.v1.ListCollectionsRequest;
import dev.facesearch.api.v1.ListSubjectsRequest;
import dev.facesearch.server.FaceSearchServer;
import dev.facesearch.server.config.AuthMode;
import dev.facesearch.server.testing.FaceLikeVectors;
import dev.facesearch.server.testing.RawCalls;
import dev.facesearch.server.testing.TestServer;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API key check over a real Netty port with a real keys file: who may call what, and what the
 * others get.
 */
class AccessControlTest {
  private static final String MINE = "mine";
  private static final String OTHER = "other";

  @TempDir static Path data;

  private static FaceSearchServer server;
  private static ManagedChannel channel;
  private static KeyFile keys;
  private static String admin;
  private static String reader;
  private static String writer;

  private final FaceLikeVectors faces = new FaceLikeVectors(7);

  @BeforeAll
  static void start() throws Exception {
    keys = new KeyFile(data, Clock.systemUTC());
    admin = keys.create("ops", List.of(Scope.parse("admin:*"))).token();
    reader = keys.create("kiosk", List.of(Scope.parse("read:" + MINE))).token();
    writer = keys.create("enroller", List.of(Scope.parse("write:" + MINE))).token();
    server = FaceSearchServer.start(TestServer.settings(data).withPort(0));
    channel = NettyChannelBuilder.forAddress("localhost", server.port()).usePlaintext().build();
    for (String name : List.of(MINE, OTHER)) {
      stub(admin).createCollection(CreateCollectionRequest.newBuilder().setName(name).build());
    }
  }

  @AfterAll
  static void stop() throws Exception {
    channel.shutdownNow();
    server.close();
  }

  private static FaceSearchGrpc.FaceSearchBlockingStub stub(String key) {
    FaceSearchGrpc.FaceSearchBlockingStub stub =
        FaceSearchGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    return key == null ? stub : stub.withInterceptors(bearer(key));
  }

  private static io.grpc.ClientInterceptor bearer(String key) {
    Metadata headers = new Metadata();
    headers.put(AuthInterceptor.AUTHORIZATION, "Bearer " + key);
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  private static void assertStatus(Status.Code expected, Executable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
    assertEquals(expected, e.getStatus().getCode(), e.getStatus().toString());
  }

  private EnrollRequest enroll(String collection) {
    return EnrollRequest.newBuilder()
        .setCollection(collection)
        .setSubjectId("alice")
        .addInputs(embedding(faces.identity()))
        .build();
  }

  private IdentifyRequest identify(String collection) {
    return IdentifyRequest.newBuilder()
        .setCollection(collection)
        .setInput(embedding(faces.identity()))
        .build();
  }

  @Test
  void noKey_unauthenticated() {
    assertStatus(
        Status.Code.UNAUTHENTICATED,
        () -> stub(null).listCollections(ListCollectionsRequest.getDefaultInstance()));
    assertStatus(Status.Code.UNAUTHENTICATED, () -> stub(null).identify(identify(MINE)));
  }

  @Test
  void garbageKey_unauthenticated() {
    assertStatus(Status.Code.UNAUTHENTICATED, () -> stub("hunter2").identify(identify(MINE)));
    // The right form and a real id, but the wrong secret.
    String id = KeyTokens.parse(admin).orElseThrow().id();
    String forged = KeyTokens.format(id, KeyTokens.newSecret());
    assertStatus(Status.Code.UNAUTHENTICATED, () -> stub(forged).identify(identify(MINE)));
  }

  @Test
  void xApiKeyHeader_accepted() {
    Metadata headers = new Metadata();
    headers.put(AuthInterceptor.X_API_KEY, reader);
    stub(null)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .identify(identify(MINE));
  }

  @Test
  void readKey_identifiesButCannotEnroll() {
    stub(reader).identify(identify(MINE));
    stub(reader).listSubjects(ListSubjectsRequest.newBuilder().setCollection(MINE).build());
    stub(reader).listCollections(ListCollectionsRequest.getDefaultInstance());
    assertStatus(Status.Code.PERMISSION_DENIED, () -> stub(reader).enroll(enroll(MINE)));
  }

  @Test
  void readKey_otherCollection_permissionDenied() {
    assertStatus(Status.Code.PERMISSION_DENIED, () -> stub(reader).identify(identify(OTHER)));
  }

  @Test
  void writeKey_enrollsButCannotCreateOrDeleteCollections() {
    assertEquals(1, stub(writer).enroll(enroll(MINE)).getOutcomesCount());
    stub(writer).identify(identify(MINE));
    assertStatus(Status.Code.PERMISSION_DENIED, () -> stub(writer).enroll(enroll(OTHER)));
    assertStatus(
        Status.Code.PERMISSION_DENIED,
        () ->
            stub(writer)
                .createCollection(
                    CreateCollectionRequest.newBuilder().setName(MINE + "2").build()));
    assertStatus(
        Status.Code.PERMISSION_DENIED,
        () ->
            stub(writer)
                .deleteCollection(DeleteCollectionRequest.newBuilder().setName(MINE).build()));
  }

  @Test
  void adminStar_createsAndDeletesAnyCollection() {
    stub(admin).createCollection(CreateCollectionRequest.newBuilder().setName("fresh").build());
    stub(admin).enroll(enroll("fresh"));
    stub(admin).deleteCollection(DeleteCollectionRequest.newBuilder().setName("fresh").build());
  }

  @Test
  void createdAndRevokedWhileRunning_takeEffectWithinSeconds() throws Exception {
    String fresh = keys.create("temp", List.of(Scope.parse("read:*"))).token();
    // The server rereads the keys file at most once a second.
    assertEquals(
        Status.Code.OK, awaitCode(Status.Code.OK, () -> stub(fresh).identify(identify(MINE))));
    keys.revoke(KeyTokens.parse(fresh).orElseThrow().id());
    assertEquals(
        Status.Code.UNAUTHENTICATED,
        awaitCode(Status.Code.UNAUTHENTICATED, () -> stub(fresh).identify(identify(MINE))));
    stub(reader).identify(identify(MINE));
  }

  /** Repeats a call until it ends with {@code wanted} or 10 seconds pass; the last code. */
  private static Status.Code awaitCode(Status.Code wanted, Runnable call)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Status.Code last;
    do {
      try {
        call.run();
        last = Status.Code.OK;
      } catch (StatusRuntimeException e) {
        last = e.getStatus().getCode();
      }
      if (last == wanted) {
        return last;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return last;
  }

  /**
   * The key is checked when the call starts, before its message is read: a caller without one
   * learns nothing about what it sent. A caller with one learns that its request is malformed, even
   * where its scopes would not have covered it, since a request that does not parse names no
   * collection to check them against.
   */
  @Test
  void malformedRequest_unauthenticatedWithoutKey_invalidWithOne() {
    byte[] notUtf8 =
        RawCalls.concat(
            RawCalls.field(1, RawCalls.notUtf8(MINE)),
            enroll("").toBuilder().clearCollection().build().toByteArray());
    byte[] cut = RawCalls.truncated(enroll(MINE).toByteArray());
    for (byte[] request : List.of(notUtf8, cut)) {
      assertStatus(
          Status.Code.UNAUTHENTICATED,
          () -> RawCalls.unary(channel, FaceSearchGrpc.getEnrollMethod(), request));
      for (String key : List.of(writer, reader)) {
        assertStatus(
            Status.Code.INVALID_ARGUMENT,
            () ->
                RawCalls.unary(
                    ClientInterceptors.intercept(channel, bearer(key)),
                    FaceSearchGrpc.getEnrollMethod(),
                    request));
      }
    }
  }

  @Test
  void health_needsNoKey() {
    assertEquals(
        ServingStatus.SERVING,
        HealthGrpc.newBlockingStub(channel)
            .check(HealthCheckRequest.newBuilder().setService(FaceSearchGrpc.SERVICE_NAME).build())
            .getStatus());
  }

  @Test
  void authOff_keysFileIgnored(@TempDir Path other) throws Exception {
    new KeyFile(other, Clock.systemUTC()).create("x", List.of(Scope.parse("read:*")));
    try (FaceSearchServer open =
        FaceSearchServer.start(
            TestServer.settings(other).toBuilder().port(0).auth(AuthMode.OFF).build())) {
      ManagedChannel c =
          NettyChannelBuilder.forAddress("localhost", open.port()).usePlaintext().build();
      try {
        FaceSearchGrpc.newBlockingStub(c)
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .listCollections(ListCollectionsRequest.getDefaultInstance());
      } finally {
        c.shutdownNow();
      }
    }
  }
}
