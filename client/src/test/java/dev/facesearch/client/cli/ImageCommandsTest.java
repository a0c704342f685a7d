package dev.facesearch.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.facesearch.server.FaceSearchServer;
import dev.facesearch.server.testing.SharedFaces;
import dev.facesearch.server.testing.TestServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image commands (enroll, identify, verify) against a real server with the real models. */
class ImageCommandsTest {
  private static final List<String> PEOPLE = List.of("Ariel_Sharon", "Colin_Powell", "Tony_Blair");

  @TempDir static Path data;
  @TempDir static Path tree;
  @TempDir Path files;
  private static FaceSearchServer server;

  @BeforeAll
  static void startServer() throws IOException {
    SharedFaces.assumePresent();
    server = FaceSearchServer.start(TestServer.settings(data).withPort(0));
    // 3 people x 3 photos, plus a photo without a face, a broken "JPEG" and a text file.
    for (String person : PEOPLE) {
      Files.createDirectories(tree.resolve(person));
      for (int i = 1; i <= 3; i++) {
        copy(person, i, tree.resolve(person));
      }
    }
    writeBlankPng(tree.resolve("Tony_Blair").resolve("blank.png"));
    byte[] noise = new byte[4096];
    new Random(7).nextBytes(noise);
    Files.write(tree.resolve("Colin_Powell").resolve("broken.JPG"), noise);
    Files.writeString(tree.resolve("Ariel_Sharon").resolve("notes.txt"), "not an image");
    assertEquals(0, cli("collections", "create", "people").status());
  }

  @AfterAll
  static void stopServer() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private static CliRun.Result cli(String... args) {
    return CliRun.run(server.port(), args);
  }

  private static Path lfw(String person, int number) {
    return SharedFaces.folder()
        .resolve("lfw-subset")
        .resolve(person)
        .resolve(String.format("%s_%04d.jpg", person, number));
  }

  private static void copy(String person, int number, Path folder) throws IOException {
    Path from = lfw(person, number);
    Files.copy(from, folder.resolve(from.getFileName()));
  }

  private static void writeBlankPng(Path file) throws IOException {
    BufferedImage image = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.LIGHT_GRAY);
    g.fillRect(0, 0, 200, 200);
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  private static long faceCount(String collection) {
    return cli("--json", "collections", "get", collection)
        .json()
        .getAsJsonObject("stats")
        .get("faceCount")
        .getAsLong();
  }

  @Test
  void enroll_countsEveryOutcome_reportsProblems_andResumesWithoutCalls() throws IOException {
    Path report = files.resolve("first.tsv");
    CliRun.Result first =
        cli(
            "--json",
            "enroll",
            tree.toString(),
            "-c",
            "people",
            "--progress",
            "none",
            "--report",
            report.toString());
    assertEquals(1, first.status(), first.toString());
    assertEquals("", first.err());
    JsonObject summary = first.json();
    assertEquals(3, summary.get("people").getAsInt());
    assertEquals(11, summary.get("images").getAsInt());
    assertEquals(9, summary.get("enrolled").getAsInt(), first.out());
    assertEquals(9, summary.get("faces_enrolled").getAsInt());
    assertEquals(0, summary.get("several_faces_largest_enrolled").getAsInt());
    assertEquals(0, summary.get("already_enrolled").getAsInt());
    assertEquals(1, summary.get("no_face").getAsInt());
    assertEquals(1, summary.get("error").getAsInt());
    assertEquals(0, summary.get("not_done").getAsInt());
    assertEquals(report.toString(), summary.get("report").getAsString());
    assertEquals(9, faceCount("people"));
    // A call per person, but Colin Powell's fails for its broken file and goes again image by
    // image, so that the error lands on that file alone: 1 + (1 + 4) + 1.
    assertEquals(7, summary.get("enroll_calls").getAsInt());

    List<String> lines = Files.readAllLines(report);
    assertEquals(3, lines.size(), lines.toString());
    assertEquals("path\toutcome\tdetail", lines.get(0));
    assertTrue(lines.get(1).contains("broken.JPG\tERROR\tINVALID_ARGUMENT"), lines.get(1));
    assertTrue(lines.get(2).contains("blank.png\tNO_FACE\t"), lines.get(2));

    CliRun.Result again =
        cli(
            "enroll",
            tree.toString(),
            "-c",
            "people",
            "--progress",
            "none",
            "--report",
            files.resolve("again.tsv").toString());
    assertEquals(1, again.status(), again.toString());
    assertTrue(again.out().contains("0 faces enrolled"), again.out());
    assertTrue(again.out().matches("(?s).*already enrolled +9\\n.*"), again.out());
    assertTrue(again.out().contains("again.tsv (2 files to check)"), again.out());
    assertEquals(9, faceCount("people"));

    // Only the two problem files are sent again: the nine are skipped by their content hash.
    JsonObject third =
        cli(
                "--json",
                "enroll",
                tree.toString(),
                "-c",
                "people",
                "--progress",
                "none",
                "--report",
                files.resolve("third.tsv").toString())
            .json();
    assertEquals(9, third.get("already_enrolled").getAsInt());
    assertEquals(2, third.get("enroll_calls").getAsLong());
  }

  @Test
  void enroll_progressLines_goToStderr_summaryAloneOnStdout() throws IOException {
    Path folder = files.resolve("one").resolve("Hugo_Chavez");
    Files.createDirectories(folder);
    for (int i = 1; i <= 3; i++) {
      copy("Hugo_Chavez", i, folder);
    }
    assertEquals(0, cli("collections", "create", "progress").status());
    CliRun.Result result =
        cli(
            "--json",
            "enroll",
            folder.getParent().toString(),
            "-c",
            "progress",
            "--parallel",
            "1",
            "--detector",
            "tiny",
            "--progress",
            "lines",
            "--progress-interval",
            "10ms");
    assertEquals(0, result.status(), result.toString());
    // stdout parses as one JSON document: nothing else was written there.
    assertEquals(3, result.json().get("faces_enrolled").getAsInt());
    List<String> progress = result.err().lines().filter(l -> l.startsWith("progress: ")).toList();
    assertTrue(progress.size() >= 2, result.err());
    assertTrue(progress.getLast().startsWith("progress: 3/3 images (100%)"), result.err());
    assertTrue(result.err().startsWith("enrolling 3 images of 1 people into progress"));

    CliRun.Result bar =
        cli("enroll", folder.getParent().toString(), "-c", "progress", "--progress", "bar");
    assertEquals(0, bar.status(), bar.toString());
    assertTrue(bar.err().contains("\r[########################] 3/3 images"), bar.err());
    assertFalse(bar.out().contains("\r"), bar.out());
    assertTrue(bar.out().startsWith("3 images of 1 people: 0 faces enrolled"), bar.out());
  }

  @Test
  void enroll_severalFaces_largestByDefault_orRejected() throws IOException {
    // This LFW photo shows Sharon with people behind him.
    Path folder = files.resolve("crowd").resolve("Ariel_Sharon");
    Files.createDirectories(folder);
    copy("Ariel_Sharon", 4, folder);
    assertEquals(0, cli("collections", "create", "crowd-largest").status());
    assertEquals(0, cli("collections", "create", "crowd-rejected").status());
    Path report = files.resolve("crowd.tsv");

    CliRun.Result largest =
        cli(
            "--json",
            "enroll",
            folder.getParent().toString(),
            "-c",
            "crowd-largest",
            "--progress",
            "none",
            "--report",
            report.toString());
    assertEquals(0, largest.status(), largest.toString());
    assertEquals(1, largest.json().get("several_faces_largest_enrolled").getAsInt());
    assertEquals(1, largest.json().get("faces_enrolled").getAsInt());
    assertTrue(
        Files.readString(report)
            .matches("(?s).*SEVERAL_FACES_LARGEST_ENROLLED\t\\d+ faces; the largest.*"),
        Files.readString(report));
    assertEquals(1, largest.json().get("enroll_calls").getAsInt(), "one call per image");

    CliRun.Result rejected =
        cli(
            "--json",
            "enroll",
            folder.getParent().toString(),
            "-c",
            "crowd-rejected",
            "--reject-multiple",
            "--progress",
            "none",
            "--report",
            report.toString());
    assertEquals(0, rejected.status(), rejected.toString());
    assertEquals(1, rejected.json().get("multiple_faces").getAsInt());
    assertEquals(0, rejected.json().get("faces_enrolled").getAsInt());
    assertEquals(1, rejected.json().get("enroll_calls").getAsInt());
    assertEquals(0, faceCount("crowd-rejected"));
  }

  @Test
  void identifyAndVerify_findTheEnrolledPerson() throws IOException {
    Path folder = files.resolve("gallery");
    for (String person : PEOPLE) {
      Files.createDirectories(folder.resolve(person));
      for (int i = 1; i <= 3; i++) {
        copy(person, i, folder.resolve(person));
      }
    }
    assertEquals(0, cli("collections", "create", "known").status());
    assertEquals(0, cli("enroll", folder.toString(), "-c", "known", "--progress", "none").status());

    Path sharon = lfw("Ariel_Sharon", 5);
    Path powell = lfw("Colin_Powell", 5);
    CliRun.Result identified = cli("identify", sharon.toString(), powell.toString(), "-c", "known");
    assertEquals(0, identified.status(), identified.toString());
    assertTrue(identified.out().contains("1 face"), identified.out());
    assertTrue(identified.out().contains("1. Ariel_Sharon"), identified.out());

    JsonObject json =
        cli("--json", "identify", sharon.toString(), powell.toString(), "-c", "known", "-k", "2")
            .json();
    assertEquals(2, json.getAsJsonArray("images").size());
    for (int i = 0; i < 2; i++) {
      JsonObject image = json.getAsJsonArray("images").get(i).getAsJsonObject();
      JsonObject face = image.getAsJsonArray("results").get(0).getAsJsonObject();
      JsonObject best = face.getAsJsonArray("candidates").get(0).getAsJsonObject();
      assertEquals(i == 0 ? "Ariel_Sharon" : "Colin_Powell", best.get("subjectId").getAsString());
      assertTrue(face.get("known").getAsBoolean(), image.toString());
      assertTrue(face.getAsJsonArray("candidates").size() <= 2);
    }

    CliRun.Result same =
        cli("verify", sharon.toString(), "--subject", "Ariel_Sharon", "-c", "known");
    assertEquals(0, same.status(), same.toString());
    assertTrue(same.out().startsWith("match:      yes"), same.out());
    assertTrue(same.out().contains("threshold:"), same.out());

    CliRun.Result different =
        cli("--json", "verify", sharon.toString(), powell.toString(), "-c", "known");
    assertEquals(0, different.status(), different.toString());
    JsonObject verdict = different.json();
    assertFalse(verdict.get("match").getAsBoolean());
    assertTrue(
        verdict.get("distance").getAsFloat() > verdict.get("threshold").getAsFloat(),
        verdict.toString());
  }

  @Test
  void errors_areOneLineWithTheirStatus() throws IOException {
    CliRun.Result unknown = cli("enroll", tree.toString(), "-c", "no-such", "--progress", "none");
    assertEquals(1, unknown.status(), unknown.toString());
    assertEquals(1, unknown.err().lines().count(), unknown.err());
    assertTrue(unknown.err().contains("NOT_FOUND"), unknown.err());
    assertEquals("", unknown.out());

    assertEquals(
        0,
        cli("collections", "create", "vectors", "--model", "external", "--threshold", "1")
            .status());
    CliRun.Result external = cli("enroll", tree.toString(), "-c", "vectors");
    assertEquals(1, external.status(), external.toString());
    assertTrue(external.err().contains("use enroll-embeddings"), external.err());

    Path sharon = lfw("Ariel_Sharon", 5);
    assertEquals(
        2,
        cli("verify", sharon.toString(), sharon.toString(), "--subject", "x", "-c", "people")
            .status());
    assertEquals(2, cli("verify", sharon.toString(), "-c", "people").status());
    assertEquals(2, cli("enroll", tree.toString(), "-c", "people", "--detector", "big").status());
    CliRun.Result missing = cli("identify", files.resolve("nope.jpg").toString(), "-c", "people");
    assertEquals(4, missing.status(), missing.toString());
    assertTrue(missing.err().contains("no such file"), missing.err());
  }
}
