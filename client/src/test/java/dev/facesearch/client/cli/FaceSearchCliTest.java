package dev.facesearch.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facesearch.server.FaceSearchServer;
import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.testing.FaceLikeVectors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against a real server on a real port. */
class FaceSearchCliTest {
  @TempDir static Path data;
  @TempDir Path files;
  private static FaceSearchServer server;

  @BeforeAll
  static void startServer() throws IOException {
    server =
        FaceSearchServer.start(
            ServerSettings.defaults().withDataDir(data).withPort(0).withMetricsPort(-1));
  }

  @AfterAll
  static void stopServer() throws IOException {
    server.close();
  }

  private static CliRun.Result cli(String... args) {
    return CliRun.run(server.port(), args);
  }

  private static void assertOneLineError(CliRun.Result result, int status, String contains) {
    assertEquals(status, result.status(), result.toString());
    assertEquals(1, result.err().lines().filter(l -> !l.startsWith("try:")).count(), result.err());
    assertTrue(result.err().contains(contains), result.err());
  }

  /** Writes labelled embeddings: {@code perSubject} noisy views of each of {@code subjects}. */
  private Path csv(String name, FaceLikeVectors faces, List<float[]> identities, int perSubject)
      throws IOException {
    StringBuilder text = new StringBuilder("# subject,v1..v128\n\n");
    for (int s = 0; s < identities.size(); s++) {
      for (int p = 0; p < perSubject; p++) {
        // Labels with a comma and a quote exercise the CSV quoting.
        text.append("\"Doe, \"\"J\"\" ").append(s).append('"');
        for (float v : faces.view(identities.get(s))) {
          text.append(',').append(String.format(Locale.ROOT, "%.7f", v));
        }
        text.append('\n');
      }
    }
    Path file = files.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void health_isServing() {
    CliRun.Result result = cli("health");
    assertEquals(0, result.status());
    assertEquals("SERVING", result.out().strip());
  }

  @Test
  void collections_createListGetDelete() {
    assertEquals(
        0,
        cli("collections", "create", "cli-life", "--model", "external", "--threshold", "0.5")
            .status());
    assertTrue(cli("collections", "list").out().contains("cli-life"));
    JsonObject got =
        JsonParser.parseString(cli("--json", "collections", "get", "cli-life").out())
            .getAsJsonObject();
    assertEquals("external", got.get("embeddingModel").getAsString());
    assertEquals(0, got.getAsJsonObject("stats").get("faceCount").getAsLong());
    assertEquals(0, cli("collections", "delete", "cli-life").status());
    assertOneLineError(cli("collections", "get", "cli-life"), 1, "NOT_FOUND");
    assertOneLineError(cli("collections", "create", "Bad Name"), 1, "INVALID_ARGUMENT");
  }

  @Test
  void enrollEmbeddings_thenIdentify_reportsCountsAndAccuracy() throws IOException {
    assertEquals(
        0,
        cli("collections", "create", "cli-people", "--model", "external", "--threshold", "1")
            .status());
    FaceLikeVectors faces = new FaceLikeVectors(5);
    List<float[]> identities = new ArrayList<>();
    for (int s = 0; s < 30; s++) {
      identities.add(faces.identity());
    }
    Path enrollFile = csv("enroll.csv", faces, identities, 3);

    CliRun.Result first = cli("enroll-embeddings", enrollFile.toString(), "-c", "cli-people");
    assertEquals(0, first.status(), first.toString());
    assertTrue(
        first.out().contains("90 lines, 30 subjects: 90 enrolled, 0 already enrolled, 0 failed"),
        first.out());

    CliRun.Result again =
        cli("--json", "enroll-embeddings", enrollFile.toString(), "-c", "cli-people");
    JsonObject summary = JsonParser.parseString(again.out()).getAsJsonObject();
    assertEquals(90, summary.get("already_enrolled").getAsInt());
    assertEquals(0, summary.get("enrolled").getAsInt());

    Path queries = csv("queries.csv", faces, identities, 1);
    CliRun.Result identified =
        cli("identify-embedding", queries.toString(), "-c", "cli-people", "-k", "3");
    assertEquals(0, identified.status(), identified.toString());
    assertTrue(identified.out().contains("top-1: 30/30 = 1.0000"), identified.out());
    JsonObject json =
        JsonParser.parseString(
                cli("--json", "identify-embedding", queries.toString(), "-c", "cli-people").out())
            .getAsJsonObject();
    assertEquals(1.0, json.get("top1_accuracy").getAsDouble());
    assertEquals(30, json.getAsJsonArray("queries").size());

    CliRun.Result compacted = cli("collections", "compact", "cli-people");
    assertEquals(0, compacted.status(), compacted.toString());
    assertTrue(
        compacted.out().matches("(?s)compacted cli-people: \\d+ -> 1 segments, [0-9.]+ s\\s*"),
        compacted.out());
    JsonObject again2 = cli("--json", "collections", "compact", "cli-people").json();
    assertTrue(again2.get("done").getAsBoolean());
    assertEquals(1, again2.get("segmentsBefore").getAsInt(), again2.toString());
    assertTrue(
        cli("collections", "get", "cli-people").out().contains("segments:        1"),
        "get shows the segments");
    assertEquals(
        0,
        cli(
                "collections",
                "create",
                "cli-int8",
                "--model",
                "external",
                "--threshold",
                "1",
                "--vector-encoding",
                "int8")
            .status());
    assertTrue(
        cli("collections", "get", "cli-int8").out().contains("vector_encoding=INT8"),
        "the encoding is shown");
    assertEquals(
        2,
        cli("collections", "create", "cli-bad", "--vector-encoding", "int4").status(),
        "an unknown encoding is a usage error");

    CliRun.Result subjects = cli("subjects", "list", "-c", "cli-people");
    assertEquals(31, subjects.out().lines().count(), subjects.out());
    CliRun.Result one = cli("subjects", "get", "Doe, \"J\" 7", "-c", "cli-people");
    assertTrue(one.out().contains("(3 faces)"), one.out());
    CliRun.Result deleted = cli("subjects", "delete", "Doe, \"J\" 7", "-c", "cli-people");
    assertTrue(deleted.out().contains("deleted 3 faces"), deleted.out());
    assertOneLineError(cli("subjects", "get", "Doe, \"J\" 7", "-c", "cli-people"), 1, "NOT_FOUND");
  }

  @Test
  void enrollEmbeddings_refusedRows_areCountedAndExitOne() throws IOException {
    assertEquals(
        0,
        cli("collections", "create", "cli-refused", "--model", "external", "--threshold", "1")
            .status());
    Path file = files.resolve("short.csv");
    Files.writeString(file, "alice,1,2,3\nbob,4,5,6\n");
    CliRun.Result result = cli("enroll-embeddings", file.toString(), "-c", "cli-refused");
    assertEquals(1, result.status(), result.toString());
    assertTrue(result.out().contains("2 failed"), result.out());
    assertTrue(result.err().contains("INVALID_ARGUMENT"), result.err());
  }

  @Test
  void errors_haveOneLineAndTheirExitStatus() throws IOException {
    StringWriter err = new StringWriter();
    int unreachable =
        FaceSearchCli.run(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            "--server",
            "localhost:1",
            "--deadline",
            "2s",
            "health");
    assertEquals(3, unreachable, err.toString());
    assertTrue(err.toString().startsWith("facesearch: server unavailable"), err.toString());

    Path bad = files.resolve("bad.csv");
    Files.writeString(bad, "alice,1,2,x\n");
    assertOneLineError(
        cli("enroll-embeddings", bad.toString(), "-c", "whatever"),
        4,
        "bad.csv:1: value 3 is not a number");
    Path ragged = files.resolve("ragged.csv");
    Files.writeString(ragged, "alice,1,2,3\nbob,1,2\n");
    assertOneLineError(
        cli("enroll-embeddings", ragged.toString(), "-c", "whatever"), 4, "ragged.csv:2");
    assertOneLineError(
        cli("enroll-embeddings", files.resolve("missing.csv").toString(), "-c", "x"),
        4,
        "cannot read");

    assertEquals(2, cli("no-such-command").status());
    assertEquals(2, cli("collections", "create").status());
    assertEquals(2, cli("--deadline", "soon", "health").status());
  }
}
