package dev.facesearch.server;

import static dev.facesearch.server.testing.Protos.embedding;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.facesearch.api.v1.CreateCollectionRequest;
import dev.facesearch.api.v1.DetectRequest;
import dev.facesearch.api.v1.EnrollRequest;
import dev.facesearch.api.v1.FaceInput;
import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.api.v1.IdentifyRequest;
import dev.facesearch.api.v1.VerifyRequest;
import dev.facesearch.server.auth.KeyFile;
import dev.facesearch.server.auth.KeyTokens;
import dev.facesearch.server.auth.Scope;
import dev.facesearch.server.testing.FaceLikeVectors;
import dev.facesearch.server.testing.SharedFaces;
import dev.facesearch.server.testing.TestServer;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No log record, at any level, holds an API key, an embedding's values or an image's bytes: real
 * calls, good and bad, over a real port with every logger of the JVM at FINEST.
 */
class LogPrivacyTest {
  private static final String C = "privacy";
  private static final String CLIENT_FRAME_LOGGER =
      "io.grpc.netty.shaded.io.grpc.netty.NettyClientHandler ";

  @TempDir Path data;

  /** Every record, formatted as a handler would print it, with its parameters and stack trace. */
  private static final class Capture extends Handler {
    final ConcurrentLinkedQueue<String> records = new ConcurrentLinkedQueue<>();
    private final SimpleFormatter formatter = new SimpleFormatter();

    @Override
    public void publish(LogRecord r) {
      StringBuilder text = new StringBuilder(r.getLoggerName() + " " + formatter.format(r));
      text.append(' ').append(r.getMessage());
      if (r.getParameters() != null) {
        text.append(' ').append(Arrays.deepToString(r.getParameters()));
      }
      if (r.getThrown() != null) {
        StringWriter trace = new StringWriter();
        r.getThrown().printStackTrace(new PrintWriter(trace));
        text.append(' ').append(trace);
      }
      records.add(text.toString());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Test
  void realCalls_atFinest_logNoKeyEmbeddingOrImage() throws Exception {
    KeyFile keys = new KeyFile(data, Clock.systemUTC());
    String key = keys.create("test", List.of(Scope.parse("admin:*"))).token();
    FaceLikeVectors faces = new FaceLikeVectors(99);
    float[] enrolled = faces.identity();
    float[] probe = faces.view(enrolled);
    byte[] image = noisePng(new Random(5));
    byte[] photo =
        Files.isDirectory(SharedFaces.folder())
            ? Files.readAllBytes(SharedFaces.list("").stream().findFirst().orElseThrow())
            : image;

    Logger root = Logger.getLogger("");
    Level rootLevel = root.getLevel();
    Capture capture = new Capture();
    capture.setLevel(Level.ALL);
    root.addHandler(capture);
    root.setLevel(Level.ALL);
    try (FaceSearchServer server = FaceSearchServer.start(TestServer.settings(data).withPort(0))) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("localhost", server.port()).usePlaintext().build();
      try {
        Metadata headers = new Metadata();
        headers.put(
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
        FaceSearchGrpc.FaceSearchBlockingStub stub =
            FaceSearchGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(60, TimeUnit.SECONDS);
        stub.createCollection(CreateCollectionRequest.newBuilder().setName(C).build());
        stub.enroll(
            EnrollRequest.newBuilder()
                .setCollection(C)
                .setSubjectId("alice")
                .addInputs(embedding(enrolled))
                .build());
        stub.identify(
            IdentifyRequest.newBuilder().setCollection(C).setInput(embedding(probe)).build());
        stub.verify(
            VerifyRequest.newBuilder()
                .setCollection(C)
                .setProbe(embedding(probe))
                .setSubjectId("alice")
                .build());
        // Calls that fail, each its own way; only their status codes matter here.
        List<Runnable> failing = new ArrayList<>();
        float[] bad = probe.clone();
        bad[3] = Float.NaN;
        failing.add(() ->
            stub.identify(
                IdentifyRequest.newBuilder().setCollection(C).setInput(embedding(bad)).build()));
        failing.add(() ->
            stub.identify(
                IdentifyRequest.newBuilder()
                    .setCollection(C)
                    .setInput(embedding(Arrays.copyOf(probe, 100)))
                    .build()));
        failing.add(() ->
            stub.identify(
                IdentifyRequest.newBuilder()
                    .setCollection("nope")
                    .setInput(embedding(probe))
                    .build()));
        byte[] corrupt = Arrays.copyOf(image, image.length / 2);
        failing.add(() ->
            stub.detect(DetectRequest.newBuilder().setImage(ByteString.copyFrom(corrupt)).build()));
        failing.add(() ->
            FaceSearchGrpc.newBlockingStub(channel)
                .withDeadlineAfter(60, TimeUnit.SECONDS)
                .identify(
                    IdentifyRequest.newBuilder()
                        .setCollection(C)
                        .setInput(embedding(probe))
                        .build()));
        for (Runnable call : failing) {
          assertThrows(StatusRuntimeException.class, call::run);
        }
        // Image calls; without the models they fail, which is another path to check.
        for (byte[] bytes : List.of(image, photo)) {
          FaceInput input = FaceInput.newBuilder().setImage(ByteString.copyFrom(bytes)).build();
          try {
            stub.detect(DetectRequest.newBuilder().setImage(input.getImage()).build());
            stub.identify(IdentifyRequest.newBuilder().setCollection(C).setInput(input).build());
          } catch (StatusRuntimeException e) {
            // Fine: failures must not log the image either.
          }
        }
      } finally {
        channel.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
      }
    } finally {
      root.removeHandler(capture);
      root.setLevel(rootLevel);
    }

    assertFalse(capture.records.isEmpty(), "the capture must see the server's records");
    List<String> secrets = new ArrayList<>();
    secrets.add(KeyTokens.parse(key).orElseThrow().secret());
    for (float[] v : List.of(enrolled, probe, unit(enrolled), unit(probe))) {
      for (float x : v) {
        secrets.add(Float.toString(x));
      }
    }
    for (byte[] bytes : List.of(image, photo)) {
      secrets.addAll(imageTraces(bytes));
    }
    for (String record : capture.records) {
      if (record.startsWith(CLIENT_FRAME_LOGGER)) {
        continue; // the test's own client, which is not the server's to quiet
      }
      for (String secret : secrets) {
        assertFalse(
            record.contains(secret),
            () -> "a log record holds request data '" + secret + "': " + record);
      }
    }
    assertTrue(secrets.size() > 500);
  }

  /** Hex and base64 of windows of the image, at every base64 alignment. */
  private static List<String> imageTraces(byte[] bytes) {
    List<String> traces = new ArrayList<>();
    for (int start :
        new int[] {0, 1, 2, bytes.length / 2, bytes.length / 2 + 1, bytes.length / 2 + 2}) {
      byte[] window = Arrays.copyOfRange(bytes, start, Math.min(bytes.length, start + 24));
      traces.add(HexFormat.of().formatHex(window));
      traces.add(HexFormat.of().withUpperCase().formatHex(window));
      String base64 = Base64.getEncoder().encodeToString(window);
      traces.add(base64.substring(0, 24));
    }
    return traces;
  }

  private static float[] unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    float[] u = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      u[i] = (float) (v[i] / Math.sqrt(norm));
    }
    return u;
  }

  private static byte[] noisePng(Random random) throws Exception {
    BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        img.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
