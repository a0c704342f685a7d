package dev.facesearch.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facesearch.api.v1.CreateCollectionRequest;
import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.api.v1.GetCollectionRequest;
import dev.facesearch.server.testing.TestServer;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request ids: taken from the caller or made up, echoed back, and on every log line of a call. */
class RequestLogTest {
  private static final Metadata.Key<String> REQUEST_ID =
      Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
  private static final Logger ACCESS = Logger.getLogger("facesearch.access");

  @TempDir Path data;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private Handler handler;

  @BeforeEach
  void captureAccessLog() {
    handler = new StreamHandler(out, LogFormat.JSON.formatter());
    ACCESS.addHandler(handler);
  }

  @AfterEach
  void stopCapture() {
    ACCESS.removeHandler(handler);
  }

  /** The lines so far, once there are at least this many: a call is logged as it ends. */
  private List<JsonObject> awaitLines(int count) throws InterruptedException {
    for (int i = 0; i < 500 && lines().size() < count; i++) {
      Thread.sleep(10);
    }
    return lines();
  }

  private List<JsonObject> lines() {
    handler.flush();
    return out.toString(StandardCharsets.UTF_8)
        .lines()
        .map(line -> JsonParser.parseString(line).getAsJsonObject())
        .toList();
  }

  /** A stub that sends this request id (or none) and keeps the response's headers and trailers. */
  private static FaceSearchGrpc.FaceSearchBlockingStub stub(
      TestServer server,
      String requestId,
      AtomicReference<Metadata> headers,
      AtomicReference<Metadata> trailers) {
    Metadata sent = new Metadata();
    if (requestId != null) {
      sent.put(REQUEST_ID, requestId);
    }
    return server
        .stub()
        .withInterceptors(
            MetadataUtils.newAttachHeadersInterceptor(sent),
            MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
  }

  @Test
  void callerRequestId_isEchoed_andInTheJsonAccessLine() throws Exception {
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    try (TestServer server = TestServer.start(data)) {
      stub(server, "abc-123", headers, trailers)
          .createCollection(CreateCollectionRequest.newBuilder().setName("logs").build());
    }
    assertEquals("abc-123", headers.get().get(REQUEST_ID));

    List<JsonObject> lines = lines();
    assertEquals(1, lines.size(), lines.toString());
    JsonObject line = lines.getFirst();
    assertEquals("abc-123", line.get("request_id").getAsString());
    assertEquals("CreateCollection", line.get("method").getAsString());
    assertEquals("OK", line.get("code").getAsString());
    assertEquals("INFO", line.get("level").getAsString());
    assertEquals("facesearch.access", line.get("logger").getAsString());
    assertTrue(line.get("duration_ms").getAsDouble() >= 0, line.toString());
    assertTrue(line.has("peer") && line.has("ts") && line.has("msg"), line.toString());
  }

  @Test
  void failedCall_echoesTheIdInTrailers_andLogsItsCode() throws Exception {
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    try (TestServer server = TestServer.start(data)) {
      FaceSearchGrpc.FaceSearchBlockingStub stub = stub(server, "req-404", headers, trailers);
      assertThrows(
          StatusRuntimeException.class,
          () -> stub.getCollection(GetCollectionRequest.newBuilder().setName("none").build()));
    }
    assertEquals("req-404", trailers.get().get(REQUEST_ID));
    JsonObject line = lines().getFirst();
    assertEquals("req-404", line.get("request_id").getAsString());
    assertEquals("NOT_FOUND", line.get("code").getAsString());
  }

  @Test
  void missingOrUnfitRequestIds_areReplacedByFreshOnes() throws Exception {
    String tooLong = "x".repeat(129);
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    try (TestServer server = TestServer.start(data)) {
      stub(server, null, headers, trailers)
          .createCollection(CreateCollectionRequest.newBuilder().setName("a").build());
      String first = headers.get().get(REQUEST_ID);
      stub(server, tooLong, headers, trailers)
          .createCollection(CreateCollectionRequest.newBuilder().setName("b").build());
      String second = headers.get().get(REQUEST_ID);
      assertEquals(36, first.length(), first);
      assertEquals(36, second.length(), second);
      assertNotEquals(first, second);
      List<JsonObject> lines = awaitLines(2);
      assertEquals(first, lines.get(0).get("request_id").getAsString());
      assertEquals(second, lines.get(1).get("request_id").getAsString());
    }
  }

  @Test
  void anyRecordLoggedDuringACall_carriesItsRequestIdAndMethod() {
    Logger logger = Logger.getLogger("facesearch.test.during-call");
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    Handler json = new StreamHandler(out, LogFormat.JSON.formatter());
    Handler human = new StreamHandler(text, LogFormat.TEXT.formatter());
    logger.addHandler(json);
    logger.addHandler(human);
    logger.setUseParentHandlers(false);
    try {
      Context.current()
          .withValues(CallLabels.REQUEST_ID, "r-1", CallLabels.METHOD, "Identify")
          .run(() -> logger.log(Level.WARNING, "slow \"disk\"\nsecond line"));
      logger.info("outside any call");
    } finally {
      json.flush();
      human.flush();
      logger.removeHandler(json);
      logger.removeHandler(human);
    }
    List<JsonObject> lines = lines();
    assertEquals(2, lines.size());
    assertEquals("r-1", lines.get(0).get("request_id").getAsString());
    assertEquals("Identify", lines.get(0).get("method").getAsString());
    assertEquals("slow \"disk\"\nsecond line", lines.get(0).get("msg").getAsString());
    assertNull(lines.get(1).get("request_id"));
    String humanLines = text.toString(StandardCharsets.UTF_8);
    assertTrue(humanLines.contains("[request_id=r-1 method=Identify]"), humanLines);
  }
}
