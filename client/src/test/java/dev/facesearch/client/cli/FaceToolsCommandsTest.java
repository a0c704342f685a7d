package dev.facesearch.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.facesearch.api.v1.CreateCollectionRequest;
import dev.facesearch.api.v1.EnrollRequest;
import dev.facesearch.client.FaceSearchClient;
import dev.facesearch.server.FaceSearchServer;
import dev.facesearch.server.image.PngEncoder;
import dev.facesearch.server.testing.HardCases;
import dev.facesearch.server.testing.SharedFaces;
import dev.facesearch.server.testing.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** detect, align and embed against a real server with the image pipeline, on real photos. */
class FaceToolsCommandsTest {
  private static final String OBAMA_AND_BIDEN =
      "face-recognition-examples/examples/knn_examples/test/obama_and_biden.jpg";
  private static final String OBAMA_TRAIN =
      "face-recognition-examples/examples/knn_examples/train/obama";

  @TempDir static Path data;
  @TempDir Path files;
  private static FaceSearchServer server;

  @BeforeAll
  static void startServer() throws IOException {
    server = FaceSearchServer.start(TestServer.settings(data).withPort(0));
  }

  @AfterAll
  static void stopServer() throws IOException {
    server.close();
  }

  @BeforeEach
  void needPhotos() {
    SharedFaces.assumePresent();
  }

  private static CliRun.Result cli(String... args) {
    return CliRun.run(server.port(), args);
  }

  private Path copy(String shared, String target) throws IOException {
    Path file = files.resolve(target);
    Files.createDirectories(file.getParent());
    return Files.write(file, SharedFaces.read(shared));
  }

  @Test
  void detect_withCollection_namesTheEnrolledFaceAndDrawsOnThePhoto() throws IOException {
    try (FaceSearchClient client =
        FaceSearchClient.connect("localhost:" + server.port(), Duration.ofSeconds(30))) {
      client.createCollection(CreateCollectionRequest.newBuilder().setName("look-obama").build());
      EnrollRequest.Builder enroll =
          EnrollRequest.newBuilder().setCollection("look-obama").setSubjectId("Barack Obama");
      // One photo (the smaller of the two) is enough to recognise him, and cheaper.
      enroll.addInputs(FaceSearchClient.image(SharedFaces.read(OBAMA_TRAIN + "/obama2.jpg")));
      client.enroll(enroll.build());
    }
    Path photo = copy(OBAMA_AND_BIDEN, "obama_and_biden.jpg");
    Path annotated = files.resolve("out/annotated.png");

    CliRun.Result result =
        cli(
            "--json",
            "detect",
            photo.toString(),
            "-c",
            "look-obama",
            "--annotate",
            annotated.toString());

    assertEquals(0, result.status(), result.toString());
    JsonObject json = result.json();
    JsonArray faces = json.getAsJsonObject("detection").getAsJsonArray("faces");
    assertTrue(faces.size() >= 2, result.out());
    JsonArray identities = json.getAsJsonArray("identities");
    assertEquals(faces.size(), identities.size());
    List<String> known = new ArrayList<>();
    for (JsonElement identity : identities) {
      if (identity.getAsJsonObject().get("known").getAsBoolean()) {
        known.add(identity.getAsJsonObject().get("subject").getAsString());
      }
    }
    assertEquals(List.of("Barack Obama"), known, result.out());

    BufferedImage original = ImageIO.read(photo.toFile());
    BufferedImage drawn = ImageIO.read(annotated.toFile());
    assertEquals(original.getWidth(), drawn.getWidth());
    assertEquals(original.getHeight(), drawn.getHeight());
    for (JsonElement face : faces) {
      JsonObject box = face.getAsJsonObject().getAsJsonObject("box");
      double changed =
          changedFraction(
              original,
              drawn,
              box.get("x").getAsInt(),
              box.get("y").getAsInt(),
              box.get("width").getAsInt(),
              box.get("height").getAsInt());
      assertTrue(changed > 0.02, "the drawing covers " + changed + " of the box " + box);
    }
    double everywhere = changedFraction(original, drawn, 0, 0, drawn.getWidth(), drawn.getHeight());
    assertTrue(everywhere < 0.2, "the drawing covers " + everywhere + " of the photo");

    CliRun.Result text = cli("detect", photo.toString(), "-c", "look-obama");
    assertTrue(text.out().contains("Barack Obama (similarity"), text.out());
    assertTrue(text.out().contains("unknown"), text.out());
  }

  /** The fraction of pixels of a rectangle that differ between two images of one size. */
  private static double changedFraction(
      BufferedImage a, BufferedImage b, int x0, int y0, int width, int height) {
    int changed = 0;
    int all = 0;
    for (int y = Math.max(0, y0); y < Math.min(a.getHeight(), y0 + height); y++) {
      for (int x = Math.max(0, x0); x < Math.min(a.getWidth(), x0 + width); x++) {
        all++;
        if ((a.getRGB(x, y) & 0xFFFFFF) != (b.getRGB(x, y) & 0xFFFFFF)) {
          changed++;
        }
      }
    }
    return changed / (double) Math.max(1, all);
  }

  @Test
  void detect_exifTurnedPhoto_isDrawnUprightAsTheServerSeesIt() throws IOException {
    // A small group photo (500x332, six faces) keeps the detections cheap. Its pixels are stored
    // turned the other way, so that only a reader applying the EXIF orientation sees faces.
    BufferedImage photo =
        ImageIO.read(SharedFaces.folder().resolve("dlib-faces/2008_002470.jpg").toFile());
    for (int orientation : new int[] {6, 7}) {
      int inverse = orientation == 6 ? 8 : orientation;
      ByteArrayOutputStream stored = new ByteArrayOutputStream();
      ImageIO.write(UprightImage.upright(photo, inverse), "jpeg", stored);
      Path turned = files.resolve("turned-" + orientation + ".jpg");
      Files.write(
          turned,
          UprightImageTest.withOrientation(stored.toByteArray(), orientation, orientation == 7));
      Path annotated = files.resolve("turned-" + orientation + ".png");

      CliRun.Result result =
          cli("--json", "detect", turned.toString(), "--annotate", annotated.toString());

      assertEquals(0, result.status(), result.toString());
      assertFalse(result.err().contains("warning"), result.err());
      JsonObject detection = result.json().getAsJsonObject("detection");
      JsonArray expected = detection.getAsJsonArray("faces");
      assertTrue(expected.size() >= 4, "the server sees the faces upright: " + result.out());
      BufferedImage drawn = ImageIO.read(annotated.toFile());
      assertEquals(photo.getWidth(), drawn.getWidth());
      assertEquals(photo.getHeight(), drawn.getHeight());
      assertEquals(detection.get("imageWidth").getAsInt(), drawn.getWidth());

      // Our upright pixels, sent as a PNG (no EXIF), show the server the same faces in the same
      // places: what we draw on is what it analysed.
      BufferedImage upright = UprightImage.decode(Files.readAllBytes(turned), turned);
      Path png = files.resolve("upright-" + orientation + ".png");
      ImageIO.write(upright, "png", png.toFile());
      JsonArray actual =
          cli("--json", "detect", png.toString())
              .json()
              .getAsJsonObject("detection")
              .getAsJsonArray("faces");
      for (JsonElement face : expected) {
        double iou = 0;
        for (JsonElement other : actual) {
          iou = Math.max(iou, DetectCommand.overlap(box(face), box(other)));
        }
        assertTrue(iou > 0.7, "orientation " + orientation + ": " + face + " IoU " + iou);
      }
    }
  }

  private static dev.facesearch.api.v1.BoundingBox box(JsonElement face) {
    JsonObject b = face.getAsJsonObject().getAsJsonObject("box");
    return dev.facesearch.api.v1.BoundingBox.newBuilder()
        .setX(b.get("x").getAsFloat())
        .setY(b.get("y").getAsFloat())
        .setWidth(b.get("width").getAsFloat())
        .setHeight(b.get("height").getAsFloat())
        .build();
  }

  @Test
  void detect_dlibOptions_reachTheServer() throws IOException {
    // Colin Powell at half size: a 50-pixel face that HOG finds only when it upsamples, SSD always.
    Path half = files.resolve("half.png");
    Files.write(
        half,
        PngEncoder.encode(
            new HardCases.Case(
                    "lfw-subset/Colin_Powell/Colin_Powell_0002.jpg", HardCases.Variant.HALF)
                .image()));
    String image = half.toString();

    assertEquals(List.of("DETECTOR_DLIB_HOG"), detectors(image, "--detector", "hog"), "upsampled");
    assertEquals(
        List.of("DETECTOR_SSD_MOBILENET_V1"),
        detectors(image, "--detector", "hog", "--upsample", "0"),
        "fallback");
    assertEquals(
        List.of(), detectors(image, "--detector", "hog", "--upsample", "0", "--no-cnn-fallback"));
    assertEquals(
        List.of("DETECTOR_DLIB_HOG"),
        detectors(image, "--detector", "hog", "--no-cnn-fallback", "--upsample", "1"));

    JsonArray dlib = faces(image, "--detector", "hog", "--upsample", "1", "--landmarks", "dlib");
    JsonArray faceApi =
        faces(image, "--detector", "hog", "--upsample", "1", "--landmarks", "face-api");
    assertEquals(
        dlib.get(0).getAsJsonObject().get("box"), faceApi.get(0).getAsJsonObject().get("box"));
    assertFalse(
        dlib.get(0)
            .getAsJsonObject()
            .get("landmarks")
            .equals(faceApi.get(0).getAsJsonObject().get("landmarks")),
        "another landmark model, other landmarks");

    // The client leaves the range to the server, which refuses it in one line.
    CliRun.Result refused = cli("detect", image, "--detector", "hog", "--upsample", "3");
    assertEquals(1, refused.status(), refused.toString());
    assertEquals(1, refused.err().lines().count(), refused.err());
    assertTrue(refused.err().contains("INVALID_ARGUMENT"), refused.err());
    assertTrue(refused.err().contains("detection.upsample"), refused.err());
  }

  private static JsonArray faces(String image, String... options) {
    List<String> args = new ArrayList<>(List.of("--json", "detect", image));
    args.addAll(List.of(options));
    CliRun.Result result = cli(args.toArray(String[]::new));
    assertEquals(0, result.status(), result.toString());
    return result.json().getAsJsonObject("detection").getAsJsonArray("faces");
  }

  /** The detector the server reports for each face found. */
  private static List<String> detectors(String image, String... options) {
    List<String> detectors = new ArrayList<>();
    for (JsonElement face : faces(image, options)) {
      detectors.add(face.getAsJsonObject().get("detector").getAsString());
    }
    return detectors;
  }

  @Test
  void detect_annotateWebp_saysSoAndExitsFour() throws IOException {
    Path webp = files.resolve("photo.webp");
    Files.write(webp, "RIFF\0\0\0\0WEBPVP8 \0\0\0\0".getBytes(StandardCharsets.ISO_8859_1));
    CliRun.Result result =
        cli("detect", webp.toString(), "--annotate", files.resolve("x.png").toString());
    assertEquals(4, result.status(), result.toString());
    assertEquals(1, result.err().lines().count(), result.err());
    assertTrue(result.err().contains("WebP"), result.err());
    assertEquals(2, cli("detect", webp.toString(), "--detector", "yolo").status());
  }

  @Test
  void align_mirrorsPersonFolders_andReportsNoFaceAndFailures() throws IOException {
    Path dir = files.resolve("photos");
    for (String person : List.of("Colin_Powell", "Tony_Blair")) {
      for (String n : List.of("0001", "0002")) {
        copy(
            "lfw-subset/" + person + "/" + person + "_" + n + ".jpg",
            "photos/" + person + "/" + n + ".jpg");
      }
    }
    copy("dlib-faces/dogs.jpg", "photos/dogs.jpg");
    Files.writeString(dir.resolve("broken.jpg"), "not a jpeg");
    Path out = files.resolve("chips");

    CliRun.Result result =
        cli("--json", "align", dir.toString(), out.toString(), "--parallel", "3");

    assertEquals(1, result.status(), result.toString());
    JsonObject summary = result.json();
    assertEquals(6, summary.get("images").getAsInt());
    assertEquals(4, summary.get("faces").getAsInt());
    assertEquals("[\"dogs.jpg\"]", summary.getAsJsonArray("no_face").toString());
    assertEquals(1, summary.getAsJsonArray("errors").size());
    assertEquals(1, result.err().lines().count(), result.err());
    assertTrue(result.err().contains("broken.jpg: INVALID_ARGUMENT"), result.err());
    List<Path> chips;
    try (Stream<Path> walk = Files.walk(out)) {
      chips = walk.filter(Files::isRegularFile).sorted().toList();
    }
    assertEquals(
        List.of(
            out.resolve("Colin_Powell/0001.png"),
            out.resolve("Colin_Powell/0002.png"),
            out.resolve("Tony_Blair/0001.png"),
            out.resolve("Tony_Blair/0002.png")),
        chips);
    for (Path chip : chips) {
      BufferedImage image = ImageIO.read(chip.toFile());
      assertEquals(150, image.getWidth(), chip.toString());
      assertEquals(150, image.getHeight(), chip.toString());
    }
  }

  @Test
  void align_sameRefusalOfTheFirstImages_stopsTheBatch() throws IOException {
    for (int i = 0; i < AnalyzeBatch.SAME_FAILURE_STOPS + 2; i++) {
      copy("lfw-subset/Tony_Blair/Tony_Blair_0001.jpg", "many/" + i + ".jpg");
    }
    CliRun.Result result =
        cli(
            "align",
            files.resolve("many").toString(),
            files.resolve("chips").toString(),
            "--model",
            "nope");
    assertEquals(1, result.status(), result.toString());
    List<String> lines = result.err().lines().toList();
    assertEquals(AnalyzeBatch.SAME_FAILURE_STOPS + 1, lines.size(), result.err());
    assertTrue(
        lines.getLast().contains("images all failed with INVALID_ARGUMENT"), lines.getLast());

    assertEquals(
        1,
        cli("align", files.resolve("many").toString(), files.resolve("c").toString(), "-c", "nope")
            .status());
    assertEquals(4, cli("detect", files.resolve("missing.jpg").toString()).status());
    CliRun.Result unknown = cli("detect", files.resolve("many/1.jpg").toString(), "-c", "nope");
    assertEquals(1, unknown.status(), unknown.toString());
    assertTrue(unknown.err().startsWith("facesearch: NOT_FOUND"), unknown.err());
  }

  @Test
  void embed_writesWhatEnrollEmbeddingsAndIdentifyEmbeddingRead() throws IOException {
    // A person folder whose name needs quoting in CSV.
    List<String[]> people =
        List.of(
            new String[] {"Colin_Powell", "Colin_Powell"},
            new String[] {"Tony_Blair", "Blair, Tony"},
            new String[] {"Vladimir_Putin", "Vladimir_Putin"});
    for (String[] person : people) {
      for (String n : List.of("0001", "0002", "0003")) {
        String from = "lfw-subset/" + person[0] + "/" + person[0] + "_" + n + ".jpg";
        copy(from, (n.equals("0003") ? "query/" : "train/") + person[1] + "/" + n + ".jpg");
      }
    }
    Path train = files.resolve("train.csv");
    Path query = files.resolve("query.csv");

    CliRun.Result embedded =
        cli("embed", files.resolve("train").toString(), "--out", train.toString());
    assertEquals(0, embedded.status(), embedded.toString());
    assertTrue(embedded.out().startsWith("6 images: 6 embeddings written"), embedded.out());
    CliRun.Result queried =
        cli("--json", "embed", files.resolve("query").toString(), "--out", query.toString());
    assertEquals(3, queried.json().get("faces").getAsInt(), queried.out());

    List<String> lines = Files.readAllLines(train);
    assertTrue(lines.getFirst().startsWith("# subject,v1,...,v128"), lines.getFirst());
    assertEquals(7, lines.size());
    // Sorted by path: the quoted "Blair, Tony" comes first.
    assertTrue(lines.get(1).startsWith("\"Blair, Tony\","), lines.get(1));
    String[] last = lines.getLast().split(",");
    assertEquals("Vladimir_Putin", last[0]);
    assertEquals(129, last.length);
    double[] norm = new double[1];
    Stream.of(last).skip(1).forEach(v -> norm[0] += Math.pow(Double.parseDouble(v), 2));
    assertEquals(1.0, norm[0], 1e-4);

    assertEquals(0, cli("collections", "create", "look-embed").status());
    CliRun.Result enrolled = cli("enroll-embeddings", train.toString(), "-c", "look-embed");
    assertTrue(enrolled.out().contains("6 lines, 3 subjects: 6 enrolled"), enrolled.out());
    JsonObject identified =
        cli("--json", "identify-embedding", query.toString(), "-c", "look-embed").json();
    assertEquals(1.0, identified.get("top1_accuracy").getAsDouble(), identified.toString());
  }
}
