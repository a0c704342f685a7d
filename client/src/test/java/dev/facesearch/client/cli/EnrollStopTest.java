package dev.facesearch.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facesearch.api.v1.Collection;
import dev.facesearch.api.v1.EnrollOutcome;
import dev.facesearch.api.v1.EnrollRequest;
import dev.facesearch.api.v1.EnrollResponse;
import dev.facesearch.api.v1.EnrollResult;
import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.api.v1.GetCollectionRequest;
import dev.facesearch.api.v1.GetSubjectRequest;
import dev.facesearch.api.v1.Subject;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How enroll ends when the server stops answering halfway: a fake server that fails on cue. */
class EnrollStopTest {
  /** Enrolls the first two images it is sent, then is unavailable. */
  private static final class FailingService extends FaceSearchGrpc.FaceSearchImplBase {
    final AtomicInteger enrolls = new AtomicInteger();

    @Override
    public void getCollection(GetCollectionRequest request, StreamObserver<Collection> response) {
      response.onNext(
          Collection.newBuilder()
              .setName(request.getName())
              .setEmbeddingModel("resnet128")
              .build());
      response.onCompleted();
    }

    @Override
    public void getSubject(GetSubjectRequest request, StreamObserver<Subject> response) {
      response.onError(Status.NOT_FOUND.withDescription("no such subject").asRuntimeException());
    }

    @Override
    public void enroll(EnrollRequest request, StreamObserver<EnrollResponse> response) {
      if (enrolls.incrementAndGet() > 2) {
        response.onError(Status.UNAVAILABLE.withDescription("disk failure").asRuntimeException());
        return;
      }
      response.onNext(
          EnrollResponse.newBuilder()
              .addOutcomes(
                  EnrollOutcome.newBuilder()
                      .setResult(EnrollResult.ENROLL_RESULT_ENROLLED)
                      .setFaceId("f" + enrolls.get()))
              .build());
      response.onCompleted();
    }
  }

  @TempDir Path tree;
  private final FailingService service = new FailingService();
  private Server server;

  @BeforeEach
  void start() throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("localhost", 0))
            .addService(service)
            .build()
            .start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void enroll_serverUnavailable_printsTheSummarySoFarAndExitsThree() throws IOException {
    Path person = Files.createDirectories(tree.resolve("alice"));
    for (int i = 0; i < 6; i++) {
      Files.writeString(person.resolve("photo" + i + ".jpg"), "image " + i);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        FaceSearchCli.run(
            new PrintWriter(out),
            new PrintWriter(err),
            "--server",
            "localhost:" + server.getPort(),
            "--json",
            "enroll",
            tree.toString(),
            "-c",
            "people",
            "--parallel",
            "1",
            "--batch",
            "1",
            "--progress",
            "none");
    assertEquals(3, status, out + "\n" + err);
    JsonObject summary = JsonParser.parseString(out.toString()).getAsJsonObject();
    assertEquals(2, summary.get("enrolled").getAsInt());
    assertEquals(4, summary.get("not_done").getAsInt());
    assertEquals(0, summary.get("error").getAsInt());
    assertEquals("UNAVAILABLE: disk failure", summary.get("stopped").getAsString());
    // The run stops at the first failure: no image is sent after it.
    assertEquals(3, service.enrolls.get());
    assertEquals("facesearch: server unavailable: disk failure", err.toString().strip());
  }
}
