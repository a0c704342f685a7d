package dev.facesearch.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facesearch.server.FaceSearchServer;
import dev.facesearch.server.testing.SharedFaces;
import dev.facesearch.server.testing.TestServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluate commands against a real server with the real models, on lfw-subset. */
class EvaluateCommandTest {
  @TempDir static Path data;
  @TempDir Path files;
  private static FaceSearchServer server;
  private static Path lfw;
  private static List<String> people;

  @BeforeAll
  static void startServer() throws IOException {
    SharedFaces.assumePresent();
    lfw = SharedFaces.folder().resolve("lfw-subset");
    try (Stream<Path> folders = Files.list(lfw)) {
      people = folders.map(p -> p.getFileName().toString()).sorted().toList();
    }
    server = FaceSearchServer.start(TestServer.settings(data).withPort(0));
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

  /** The numbers of a person's first six images (the numbers are not always 1 to 10). */
  private static List<Integer> numbers(String person) {
    return SharedFaces.list("lfw-subset/" + person).stream()
        .limit(6)
        .map(p -> p.getFileName().toString())
        .map(n -> Integer.parseInt(n.substring(n.lastIndexOf('_') + 1, n.lastIndexOf('.'))))
        .toList();
  }

  /**
   * An LFW-format pairs file of 2 folds x (20 matched + 20 mismatched), seeded, drawing on the
   * first 6 images of each person to keep the number of images to embed small.
   */
  private Path pairsFile() throws IOException {
    Random random = new Random(42);
    StringBuilder text = new StringBuilder("2\t20\n");
    for (int fold = 0; fold < 2; fold++) {
      for (int i = 0; i < 20; i++) {
        String person = people.get(random.nextInt(people.size()));
        List<Integer> numbers = numbers(person);
        int first = random.nextInt(numbers.size());
        int second = (first + 1 + random.nextInt(numbers.size() - 1)) % numbers.size();
        text.append(String.join("\t", person, "" + numbers.get(first), "" + numbers.get(second)))
            .append('\n');
      }
      for (int i = 0; i < 20; i++) {
        int a = random.nextInt(people.size());
        int b = (a + 1 + random.nextInt(people.size() - 1)) % people.size();
        List<Integer> numbersA = numbers(people.get(a));
        List<Integer> numbersB = numbers(people.get(b));
        text.append(
                String.join(
                    "\t",
                    people.get(a),
                    "" + numbersA.get(random.nextInt(numbersA.size())),
                    people.get(b),
                    "" + numbersB.get(random.nextInt(numbersB.size()))))
            .append('\n');
      }
    }
    Path file = files.resolve("pairs.txt");
    Files.writeString(file, text);
    return file;
  }

  private static boolean scratchCollectionsLeft() {
    return cli("collections", "list").out().lines().anyMatch(l -> l.startsWith("eval-"));
  }

  @Test
  void verification_onLfwSubsetPairs_isAccurateAndWritesChartAndReport() throws IOException {
    Path pairs = pairsFile();
    Path roc = files.resolve("roc.png");
    Path report = files.resolve("report.json");
    Path cache = files.resolve("embeddings.csv");
    CliRun.Result result =
        cli(
            "--json",
            "evaluate",
            "verification",
            "--pairs",
            pairs.toString(),
            "--images",
            lfw.toString(),
            "--roc",
            roc.toString(),
            "--report",
            report.toString(),
            "--cache",
            cache.toString());
    assertEquals(0, result.status(), result.err());
    assertTrue(result.err().contains("images embedded"), result.err());
    JsonObject json = JsonParser.parseString(result.out()).getAsJsonObject();
    double accuracy = json.getAsJsonObject("accuracy").get("mean").getAsDouble();
    double auc = json.get("auc").getAsDouble();
    double threshold = json.getAsJsonObject("threshold").get("mean_of_folds").getAsDouble();
    System.out.printf(
        "lfw-subset verification, 80 pairs: accuracy %.4f +- %.4f, AUC %.4f, threshold %.4f"
            + " (all pairs %.4f), TAR %.4f at FAR 1e-3%n",
        accuracy,
        json.getAsJsonObject("accuracy").get("std").getAsDouble(),
        auc,
        threshold,
        json.getAsJsonObject("threshold").get("all_pairs").getAsDouble(),
        json.getAsJsonObject("tar_at_far").get("tar").getAsDouble());
    assertTrue(accuracy >= 0.9, "accuracy " + accuracy);
    assertTrue(auc >= 0.9, "AUC " + auc);
    assertTrue(threshold > 0 && threshold < 4, "threshold " + threshold);
    assertEquals(80, json.getAsJsonObject("counts").get("pairs").getAsInt());
    assertEquals(2, json.getAsJsonArray("folds").size());
    assertTrue(json.getAsJsonArray("roc").size() >= 3);

    BufferedImage chart = ImageIO.read(roc.toFile());
    assertEquals(800, chart.getWidth());
    assertEquals(600, chart.getHeight());
    JsonObject written = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
    assertEquals(auc, written.get("auc").getAsDouble());

    // A rerun takes every embedding from the cache and gets the same numbers.
    CliRun.Result again =
        cli(
            "evaluate",
            "verification",
            "--pairs",
            pairs.toString(),
            "--images",
            lfw.toString(),
            "--roc",
            roc.toString(),
            "--report",
            report.toString(),
            "--cache",
            cache.toString());
    assertEquals(0, again.status(), again.err());
    int distinct = json.getAsJsonObject("counts").get("distinct_images").getAsInt();
    assertTrue(
        again.err().contains(distinct + " of " + distinct + " images' embeddings from"),
        again.err());
    assertTrue(again.out().contains(String.format("accuracy: %.4f", accuracy)), again.out());
    assertTrue(again.out().contains("TAR at FAR 1e-3"), again.out());
  }

  @Test
  void verification_flatLayoutOneFold_imageWithoutFaceScoresFour() throws IOException {
    Path flat = Files.createDirectories(files.resolve("flat"));
    List<Path> blair = SharedFaces.list("lfw-subset/Tony_Blair");
    Files.copy(blair.get(0), flat.resolve("Tony_Blair_0001.jpg"));
    Files.copy(blair.get(1), flat.resolve("Tony_Blair_0002.jpg"));
    Files.copy(SharedFaces.folder().resolve("dlib-faces/dogs.jpg"), flat.resolve("Dog_0001.jpg"));
    Path pairs = files.resolve("pairsDevTest.txt");
    Files.writeString(pairs, "1\nTony_Blair\t1\t2\nTony_Blair\t1\tDog\t1\n");
    CliRun.Result result =
        cli(
            "--json",
            "evaluate",
            "verification",
            "--pairs",
            pairs.toString(),
            "--images",
            flat.toString(),
            "--roc",
            files.resolve("roc.png").toString(),
            "--report",
            files.resolve("report.json").toString());
    assertEquals(0, result.status(), result.err());
    JsonObject json = JsonParser.parseString(result.out()).getAsJsonObject();
    assertEquals("Dog_0001", json.getAsJsonArray("images_without_face").get(0).getAsString());
    assertEquals(1, json.getAsJsonObject("counts").get("pairs_scored_as_no_face").getAsInt());
    assertTrue(json.getAsJsonObject("accuracy").get("self_tuned").getAsBoolean());
    assertEquals(1.0, json.get("auc").getAsDouble());
  }

  @Test
  void identification_onLfwSubset_topOneAndScratchCollectionGone() {
    CliRun.Result result =
        cli("--json", "evaluate", "identification", lfw.toString(), "--train-per-person", "5");
    assertEquals(0, result.status(), result.err());
    JsonObject json = JsonParser.parseString(result.out()).getAsJsonObject();
    JsonObject probes = json.getAsJsonObject("probes");
    double top1 = probes.get("top1_accuracy").getAsDouble();
    System.out.printf(
        "lfw-subset identification, 5 enrolled per person: top-1 %.4f (%d/%d), top-5 %.4f,"
            + " accepted as the right person %d%n",
        top1,
        probes.get("top1").getAsInt(),
        probes.get("images").getAsInt(),
        probes.get("top_k_accuracy").getAsDouble(),
        probes.get("accepted_right").getAsInt());
    assertEquals(50, probes.get("images").getAsInt());
    assertEquals(10, json.getAsJsonObject("enrolled").get("people").getAsInt());
    assertTrue(top1 >= 0.95, "top-1 " + top1);
    assertTrue(json.get("collection").getAsString().startsWith("eval-"));
    assertTrue(!scratchCollectionsLeft(), "the scratch collection is deleted");
  }

  @Test
  void identification_peopleWithFewImages_areOpenSetProbes() throws IOException {
    Path dir = files.resolve("people");
    for (int p = 0; p < 5; p++) {
      String person = people.get(p);
      Files.createDirectories(dir.resolve(person));
      List<Path> images = SharedFaces.list("lfw-subset/" + person);
      // Three people with 6 images (5 enrolled, 1 probe), two with 2 (strangers).
      for (Path image : images.subList(0, p < 3 ? 6 : 2)) {
        Files.copy(image, dir.resolve(person).resolve(image.getFileName()));
      }
    }
    CliRun.Result result =
        cli("evaluate", "identification", dir.toString(), "--train-per-person", "5");
    assertEquals(0, result.status(), result.err());
    System.out.print(result.out());
    assertTrue(result.out().contains("enrolled: 3 people, 15 images"), result.out());
    assertTrue(result.out().contains("not enrolled people's probes: 4;"), result.out());
    Matcher strangers =
        Pattern.compile(
                "rejected as unknown \\S+ \\((\\d+)\\), false accepts \\S+ \\((\\d+)\\), no face (\\d+)")
            .matcher(result.out());
    assertTrue(strangers.find(), result.out());
    assertEquals(
        4,
        Integer.parseInt(strangers.group(1))
            + Integer.parseInt(strangers.group(2))
            + Integer.parseInt(strangers.group(3)));
    assertTrue(!scratchCollectionsLeft());
  }

  @Test
  void errors_areOneLineWithTheirStatus() throws IOException {
    Path pairs = pairsFile();
    CliRun.Result noPairs =
        cli(
            "evaluate",
            "verification",
            "--pairs",
            files.resolve("none.txt").toString(),
            "--images",
            lfw.toString());
    assertEquals(4, noPairs.status(), noPairs.err());
    assertEquals(1, noPairs.err().lines().count(), noPairs.err());

    Path empty = Files.createDirectories(files.resolve("empty"));
    CliRun.Result noImages =
        cli("evaluate", "verification", "--pairs", pairs.toString(), "--images", empty.toString());
    assertEquals(4, noImages.status(), noImages.err());
    assertTrue(noImages.err().contains("are not in"), noImages.err());

    Path bad = files.resolve("bad.txt");
    Files.writeString(bad, "1 1\nA 1 2\nA 1 B\n");
    CliRun.Result badPairs =
        cli("evaluate", "verification", "--pairs", bad.toString(), "--images", lfw.toString());
    assertEquals(4, badPairs.status(), badPairs.err());
    assertTrue(badPairs.err().contains("bad.txt:3:"), badPairs.err());

    CliRun.Result tooMany =
        cli("evaluate", "identification", lfw.toString(), "--train-per-person", "10");
    assertEquals(4, tooMany.status(), tooMany.err());
    assertTrue(tooMany.err().contains("more than 10 images"), tooMany.err());

    CliRun.Result badFace =
        cli(
            "evaluate",
            "verification",
            "--pairs",
            pairs.toString(),
            "--images",
            lfw.toString(),
            "--face",
            "left");
    assertEquals(2, badFace.status(), badFace.err());
    assertTrue(!scratchCollectionsLeft());
  }
}
