package dev.facesearch.server;

import static dev.facesearch.server.testing.Protos.embedding;
import static dev.facesearch.server.testing.RawCalls.concat;
import static dev.facesearch.server.testing.RawCalls.field;
import static dev.facesearch.server.testing.RawCalls.notUtf8;
import static dev.facesearch.server.testing.RawCalls.truncated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.facesearch.api.v1.CreateCollectionRequest;
import dev.facesearch.api.v1.EnrollRequest;
import dev.facesearch.api.v1.EnrollResponse;
import dev.facesearch.api.v1.EnrollResult;
import dev.facesearch.api.v1.FaceInput;
import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.api.v1.GetCollectionRequest;
import dev.facesearch.api.v1.GetSubjectRequest;
import dev.facesearch.api.v1.IdentifyRequest;
import dev.facesearch.api.v1.IdentifyResponse;
import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.testing.EncodedImages;
import dev.facesearch.server.testing.FaceLikeVectors;
import dev.facesearch.server.testing.RawCalls;
import dev.facesearch.server.testing.SharedFaces;
import dev.facesearch.server.testing.TestServer;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and odd input against the real server on a TCP port: each case gets its status code (and,
 * for a refusal, a one-line reason naming the problem), and after each the server is still serving,
 * still identifies, and a refused enroll has written nothing.
 *
 * <p>The server runs with a 1 MiB message limit and a 768 KiB image limit, so that the transport's
 * limit and the decoder's limits can both be reached with small requests.
 */
class BadInputBatteryTest {
  private static final String C = "battery";
  private static final int MAX_MESSAGE_BYTES = 1024 * 1024;
  private static final int MAX_IMAGE_BYTES = 768 * 1024;

  @TempDir static Path data;
  private static FaceSearchServer server;
  private static ManagedChannel channel;
  private static FaceSearchGrpc.FaceSearchBlockingStub stub;
  private static final FaceLikeVectors faces = new FaceLikeVectors(7);
  private static float[] baseline;

  @BeforeAll
  static void start() throws Exception {
    ServerSettings settings =
        TestServer.settings(data).toBuilder()
            .port(0)
            .maxMessageBytes(MAX_MESSAGE_BYTES)
            .maxImageBytes(MAX_IMAGE_BYTES)
            .build();
    server = FaceSearchServer.start(settings);
    channel = NettyChannelBuilder.forAddress("localhost", server.port()).usePlaintext().build();
    stub = FaceSearchGrpc.newBlockingStub(channel);
    stub.withDeadlineAfter(30, TimeUnit.SECONDS)
        .createCollection(CreateCollectionRequest.newBuilder().setName(C).build());
    baseline = faces.identity();
    enroll("baseline", embedding(baseline));
  }

  @AfterAll
  static void stop() throws Exception {
    channel.shutdownNow();
    server.close();
  }

  /** A call made by a case; it returns normally (OK) or throws the status it got. */
  @FunctionalInterface
  interface Call {
    void run() throws Exception;
  }

  /**
   * One case of the battery.
   *
   * @param name what is sent
   * @param expected the status code the caller must see
   * @param reason a part of the status description, for refusals the server makes; null for none
   * @param written faces the call adds to the collection (0 for every refusal)
   */
  record Case(String name, Status.Code expected, String reason, int written, Call call) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case refused(String name, Status.Code code, String reason, Call call) {
    return new Case(name, code, reason, 0, call);
  }

  private static Case invalid(String name, String reason, Call call) {
    return refused(name, Status.Code.INVALID_ARGUMENT, reason, call);
  }

  private static Case ok(String name, int written, Call call) {
    return new Case(name, Status.Code.OK, null, written, call);
  }

  static Stream<Case> cases() {
    return Stream.of(
        // --- Images, as the enroll of a new subject ---
        invalid("image: empty bytes", "empty", () -> enrollImage(new byte[0])),
        invalid("image: truncated JPEG", "truncated", () -> enrollImage(firstHalf(photo(0)))),
        invalid("image: random bytes", "not recognised", () -> enrollImage(randomBytes(4096))),
        invalid(
            "image: PNG header claiming 100000x100000",
            "100000x100000",
            () -> enrollImage(EncodedImages.forgedPngHeader(100_000, 100_000))),
        invalid(
            "image: complete 20000x20000 PNG",
            "20000x20000 pixels, the limit",
            () -> enrollImage(EncodedImages.blackGreyPng(20_000, 20_000))),
        invalid(
            "image: over the image byte limit",
            "bytes, the limit is " + MAX_IMAGE_BYTES,
            () -> enrollImage(jpegLookalike(MAX_IMAGE_BYTES + 1))),
        invalid("image: GIF", "GIF", () -> enrollImage(EncodedImages.write(small(), "gif"))),
        invalid("image: TIFF", "TIFF", () -> enrollImage(EncodedImages.write(small(), "tiff"))),
        invalid("image: SVG", "SVG", () -> enrollImage(EncodedImages.svg())),
        ok("image: 1x1 PNG has no face", 0, () -> expectNoFace(pixelPng())),
        ok("image: grey JPEG of a face", 1, () -> expectEnrolled(greyJpegPhoto())),
        ok("image: CMYK JPEG of a face", 1, () -> expectEnrolled(cmykJpegPhoto())),
        ok("image: 16-bit RGB PNG of a face", 1, () -> expectEnrolled(rgb16PngPhoto())),
        ok("image: RGBA PNG of a face", 1, () -> expectEnrolled(alphaPngPhoto())),
        // --- Embeddings: a good input first, so a half-written call would show ---
        invalid("embedding: NaN", "not finite", () -> enrollEmbedding(with(Float.NaN))),
        invalid(
            "embedding: +Inf", "not finite", () -> enrollEmbedding(with(Float.POSITIVE_INFINITY))),
        invalid(
            "embedding: -Inf", "not finite", () -> enrollEmbedding(with(Float.NEGATIVE_INFINITY))),
        invalid("embedding: all zeros", "all zeros", () -> enrollEmbedding(new float[128])),
        invalid("embedding: 127 values", "127 values", () -> enrollEmbedding(unit(127))),
        invalid("embedding: 129 values", "129 values", () -> enrollEmbedding(unit(129))),
        invalid("embedding: no values", "0 values", () -> enrollEmbedding(new float[0])),
        invalid("identify: NaN embedding", "not finite", () -> identify(with(Float.NaN), null)),
        // --- Identifiers ---
        invalid("subject id: 10 kB", "1 to 256 characters", () -> enrollAs("s".repeat(10_240))),
        ok(
            "subject id: letters of several scripts and an emoji",
            1,
            BadInputBatteryTest::unicodeId),
        invalid("subject id: U+0000", "U+0000", () -> enrollAs("nul\u0000id")),
        invalid("subject id: newline", "U+000A", () -> enrollAs("line\nbreak")),
        refused(
            "collection: unknown, enroll",
            Status.Code.NOT_FOUND,
            "no-such-collection",
            () -> enrollInto("no-such-collection")),
        refused(
            "collection: unknown, identify",
            Status.Code.NOT_FOUND,
            "no-such-collection",
            () ->
                stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                    .identify(
                        IdentifyRequest.newBuilder()
                            .setCollection("no-such-collection")
                            .setInput(embedding(faces.identity()))
                            .build())),
        // --- Search arguments: the proto says top_k is 1 to 1000, and it is not clamped ---
        invalid("top_k: 0", "top_k", () -> identify(faces.identity(), 0)),
        invalid("top_k: 1000000", "top_k", () -> identify(faces.identity(), 1_000_000)),
        // --- The request's bytes, as no generated client would write them ---
        invalid(
            "bytes: enroll whose collection is not UTF-8",
            "not a valid facesearch.v1.EnrollRequest: field collection is not valid UTF-8",
            () -> rawEnroll(concat(field(1, notUtf8("batt")), enrollBytes("", "raw")))),
        invalid(
            "bytes: enroll whose metadata key is not UTF-8",
            "EnrollRequest: field metadata.key is not valid UTF-8",
            () ->
                rawEnroll(
                    concat(
                        enrollBytes(C, "raw"),
                        field(4, concat(field(1, notUtf8("k")), field(2, bytes("v"))))))),
        invalid(
            "bytes: enroll cut short",
            "not a valid facesearch.v1.EnrollRequest: ",
            () -> rawEnroll(truncated(enrollBytes(C, "raw")))),
        invalid(
            "bytes: identify whose collection is not UTF-8",
            "IdentifyRequest: field collection is not valid UTF-8",
            () -> rawIdentify(concat(field(1, notUtf8("")), identifyBytes("")))),
        invalid(
            "bytes: identify cut short",
            "not a valid facesearch.v1.IdentifyRequest: ",
            () -> rawIdentify(truncated(identifyBytes(C)))),
        ok("bytes: a well-formed enroll", 1, BadInputBatteryTest::wellFormedRawEnroll),
        // --- The transport ---
        refused(
            "message: over the server's message limit",
            Status.Code.RESOURCE_EXHAUSTED,
            null,
            () -> enrollImage(randomBytes(MAX_MESSAGE_BYTES + 1024))),
        refused(
            "deadline: 1 ms on an image identify",
            Status.Code.DEADLINE_EXCEEDED,
            null,
            () ->
                stub.withDeadlineAfter(1, TimeUnit.MILLISECONDS)
                    .identify(
                        IdentifyRequest.newBuilder()
                            .setCollection(C)
                            .setInput(image(sharedPhoto("dlib-faces/dogs.jpg")))
                            .build())),
        refused(
            "cancel: an image identify cancelled mid-flight",
            Status.Code.CANCELLED,
            null,
            BadInputBatteryTest::cancelledIdentify));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInput_getsItsStatus_andLeavesTheServerWell(Case c) throws Exception {
    long before = faceCount();
    Status.Code got = Status.Code.OK;
    String description = null;
    try {
      c.call().run();
    } catch (StatusRuntimeException e) {
      got = e.getStatus().getCode();
      description = e.getStatus().getDescription();
    }
    assertEquals(c.expected(), got, c.name() + ": " + description);
    if (c.reason() != null) {
      assertTrue(
          description != null && description.contains(c.reason()) && !description.contains("\n"),
          "a one-line reason mentioning '" + c.reason() + "': " + description);
    }

    // The server is still well: serving, identifying, and it wrote only what was acknowledged.
    HealthGrpc.HealthBlockingStub health =
        HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    assertEquals(
        ServingStatus.SERVING, health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
    assertEquals(
        ServingStatus.SERVING,
        health
            .check(HealthCheckRequest.newBuilder().setService(FaceSearchGrpc.SERVICE_NAME).build())
            .getStatus());
    IdentifyResponse normal = identify(baseline, 1);
    assertEquals("baseline", normal.getResults(0).getCandidates(0).getSubjectId());
    assertTrue(normal.getResults(0).getKnown());
    assertEquals(before + c.written(), faceCount(), "faces in the collection");
  }

  // --- Calls ---

  private static EnrollResponse enroll(String subject, FaceInput... inputs) {
    return stub.withDeadlineAfter(60, TimeUnit.SECONDS)
        .enroll(
            EnrollRequest.newBuilder()
                .setCollection(C)
                .setSubjectId(subject)
                .addAllInputs(Arrays.asList(inputs))
                .build());
  }

  private static final AtomicInteger subjects = new AtomicInteger();

  /** Enrolls one image for a new subject. */
  private static EnrollResponse enrollImage(byte[] image) {
    return enroll("image-" + subjects.incrementAndGet(), image(image));
  }

  /** Enrolls a good embedding and then a bad one, for a new subject. */
  private static void enrollEmbedding(float[] bad) {
    enroll("embedding-" + subjects.incrementAndGet(), embedding(faces.identity()), embedding(bad));
  }

  private static void enrollAs(String subject) {
    enroll(subject, embedding(faces.identity()));
  }

  private static void enrollInto(String collection) {
    stub.withDeadlineAfter(30, TimeUnit.SECONDS)
        .enroll(
            EnrollRequest.newBuilder()
                .setCollection(collection)
                .setSubjectId("someone")
                .addInputs(embedding(faces.identity()))
                .build());
  }

  private static IdentifyResponse identify(float[] query, Integer topK) {
    IdentifyRequest.Builder request =
        IdentifyRequest.newBuilder().setCollection(C).setInput(embedding(query));
    if (topK != null) {
      request.setTopK(topK);
    }
    return stub.withDeadlineAfter(30, TimeUnit.SECONDS).identify(request.build());
  }

  private static long faceCount() {
    return stub.withDeadlineAfter(30, TimeUnit.SECONDS)
        .getCollection(GetCollectionRequest.newBuilder().setName(C).build())
        .getStats()
        .getFaceCount();
  }

  private static void expectNoFace(byte[] image) {
    EnrollResponse response = enrollImage(image);
    assertEquals(EnrollResult.ENROLL_RESULT_NO_FACE, response.getOutcomes(0).getResult());
    assertFalse(response.getOutcomes(0).getDetail().isBlank(), "says why");
  }

  private static void expectEnrolled(byte[] image) {
    EnrollResponse response = enrollImage(image);
    assertEquals(
        EnrollResult.ENROLL_RESULT_ENROLLED,
        response.getOutcomes(0).getResult(),
        response.getOutcomes(0).getDetail());
  }

  /** Unicode letters, marks and symbols are printable, so the API takes them and keeps them. */
  private static void unicodeId() {
    String id = "Zoë Ελένη Иван 李小龍 محمد 😀";
    enrollAs(id);
    assertEquals(
        id,
        stub.withDeadlineAfter(30, TimeUnit.SECONDS)
            .getSubject(GetSubjectRequest.newBuilder().setCollection(C).setSubjectId(id).build())
            .getSubjectId());
  }

  /** Starts an image identify, cancels it while the server works on it, and throws its status. */
  private static void cancelledIdentify() throws Exception {
    ClientCall<IdentifyRequest, IdentifyResponse> call =
        channel.newCall(
            FaceSearchGrpc.getIdentifyMethod(),
            CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
    CompletableFuture<Status> closed = new CompletableFuture<>();
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onClose(Status status, Metadata trailers) {
            closed.complete(status);
          }
        },
        new Metadata());
    call.request(1);
    // A large photo with several faces: the pipeline takes far longer than the wait below.
    call.sendMessage(
        IdentifyRequest.newBuilder()
            .setCollection(C)
            .setInput(image(sharedPhoto("dlib-faces/bald_guys.jpg")))
            .build());
    call.halfClose();
    Thread.sleep(50);
    call.cancel("the test cancels it", null);
    Status status = closed.get(30, TimeUnit.SECONDS);
    if (!status.isOk()) {
      throw status.asRuntimeException();
    }
  }

  /** Sends these bytes as an EnrollRequest. */
  private static void rawEnroll(byte[] request) {
    RawCalls.unary(channel, FaceSearchGrpc.getEnrollMethod(), request);
  }

  /** Sends these bytes as an IdentifyRequest. */
  private static void rawIdentify(byte[] request) {
    RawCalls.unary(channel, FaceSearchGrpc.getIdentifyMethod(), request);
  }

  /** A good enroll of one embedding, serialized; with an empty collection, the field is absent. */
  private static byte[] enrollBytes(String collection, String subject) {
    return EnrollRequest.newBuilder()
        .setCollection(collection)
        .setSubjectId(subject + "-" + subjects.incrementAndGet())
        .addInputs(embedding(faces.identity()))
        .build()
        .toByteArray();
  }

  private static byte[] identifyBytes(String collection) {
    return IdentifyRequest.newBuilder()
        .setCollection(collection)
        .setInput(embedding(faces.identity()))
        .build()
        .toByteArray();
  }

  /** The raw path itself changes nothing: a well-formed request sent as bytes is enrolled. */
  private static void wellFormedRawEnroll() throws Exception {
    byte[] response =
        RawCalls.unary(channel, FaceSearchGrpc.getEnrollMethod(), enrollBytes(C, "raw"));
    assertEquals(
        EnrollResult.ENROLL_RESULT_ENROLLED,
        EnrollResponse.parseFrom(response).getOutcomes(0).getResult());
  }

  // --- Inputs ---

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static FaceInput image(byte[] bytes) {
    return FaceInput.newBuilder().setImage(ByteString.copyFrom(bytes)).build();
  }

  private static byte[] sharedPhoto(String relative) {
    SharedFaces.assumePresent();
    return SharedFaces.read(relative);
  }

  /** A photo of one face from the shared LFW subset; each case takes another, to miss the cache. */
  private static byte[] photo(int index) {
    String[] people = {
      "Colin_Powell", "Tony_Blair", "George_W_Bush", "Hugo_Chavez", "Ariel_Sharon"
    };
    String person = people[index];
    return sharedPhoto("lfw-subset/" + person + "/" + person + "_0002.jpg");
  }

  private static byte[] greyJpegPhoto() {
    return EncodedImages.greyJpeg(EncodedImages.rgb(photo(1)));
  }

  private static byte[] cmykJpegPhoto() {
    return EncodedImages.cmykJpeg(EncodedImages.rgb(photo(2)));
  }

  private static byte[] rgb16PngPhoto() {
    return EncodedImages.rgb16Png(EncodedImages.rgb(photo(3)));
  }

  private static byte[] alphaPngPhoto() {
    return EncodedImages.alphaPng(EncodedImages.rgb(photo(4)));
  }

  private static BufferedImage small() {
    return EncodedImages.solid(32, 24, Color.ORANGE);
  }

  private static byte[] pixelPng() {
    return EncodedImages.write(EncodedImages.solid(1, 1, Color.GRAY), "png");
  }

  private static byte[] firstHalf(byte[] file) {
    return Arrays.copyOf(file, file.length / 2);
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }

  /** Bytes that start like a JPEG, so only the byte limit can refuse them. */
  private static byte[] jpegLookalike(int length) {
    byte[] bytes = randomBytes(length);
    bytes[0] = (byte) 0xFF;
    bytes[1] = (byte) 0xD8;
    bytes[2] = (byte) 0xFF;
    return bytes;
  }

  private static float[] unit(int dimension) {
    return new FaceLikeVectors(dimension, dimension, FaceLikeVectors.DEFAULT_NOISE).identity();
  }

  private static float[] with(float value) {
    float[] v = faces.identity();
    v[17] = value;
    return v;
  }
}
