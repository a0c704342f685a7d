package dev.facesearch.client.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import dev.facesearch.api.v1.BoundingBox;
import dev.facesearch.api.v1.Candidate;
import dev.facesearch.api.v1.DetectRequest;
import dev.facesearch.api.v1.DetectResponse;
import dev.facesearch.api.v1.DetectedFace;
import dev.facesearch.api.v1.FaceResult;
import dev.facesearch.api.v1.IdentifyRequest;
import dev.facesearch.api.v1.IdentifyResponse;
import dev.facesearch.client.FaceSearchClient;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Finds the faces of a photo, and with a collection says who they are; can draw both on the photo.
 */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the faces of an image, largest first: box (x, y, width x height, in pixels of the"
          + " upright image) and detector score; with -c, also who each face is (Identify on"
          + " the same image).",
      "With --annotate, draws the boxes, the 68 landmarks and the names on the photo: green"
          + " known, red unknown, yellow when no collection was given. Drawing reads JPEG, PNG"
          + " and BMP (not WebP), and turns a JPEG by its EXIF orientation as the server does."
    })
final class DetectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "IMG", description = "The image.")
  Path image;

  @Option(
      names = {"-c", "--collection"},
      description = "Identify the faces in this collection (its detection settings apply).")
  String collection;

  @Option(
      names = "--annotate",
      paramLabel = "OUT.png",
      description = "Write the photo with the faces drawn on it (PNG; JPEG if OUT ends in .jpg).")
  Path annotate;

  @Mixin DetectionOptions detection;

  /** Who one detected face is, from the identification. */
  record Identity(boolean known, String subject, float similarity) {}

  @Override
  public Integer call() {
    FaceSearchCli cli = FaceSearchCli.root(spec);
    PrintWriter out = spec.commandLine().getOut();
    byte[] bytes = ImageFiles.read(image);
    // Decoded before any call, so that an image we cannot draw on fails at once.
    BufferedImage picture = null;
    if (annotate != null) {
      System.setProperty("java.awt.headless", "true");
      picture = UprightImage.decode(bytes, image);
    }
    DetectResponse detected;
    Optional<IdentifyResponse> identified = Optional.empty();
    try (FaceSearchClient client = cli.connect()) {
      detected =
          client.detect(
              DetectRequest.newBuilder()
                  .setImage(ByteString.copyFrom(bytes))
                  .setCollection(collection == null ? "" : collection)
                  .setDetection(detection.settings())
                  .build());
      if (collection != null && detected.getFacesCount() > 0) {
        identified =
            Optional.of(
                client.identify(
                    IdentifyRequest.newBuilder()
                        .setCollection(collection)
                        .setInput(FaceSearchClient.image(bytes))
                        .setDetection(detection.settings())
                        .build()));
      }
    }
    List<Optional<Identity>> identities = identities(detected, identified);
    if (picture != null) {
      AnnotatedImage.write(picture, detected, identities, annotate, spec.commandLine().getErr());
    }
    if (cli.json()) {
      json(out, detected, identified, identities);
    } else {
      text(out, detected, identities);
    }
    return ExitCode.OK;
  }

  /**
   * Who each detected face is, in the order of the detections. Detect and Identify run the same
   * pipeline and list faces largest first, but each face is matched by its box all the same, so
   * that a name can never land on the wrong face.
   */
  private List<Optional<Identity>> identities(
      DetectResponse detected, Optional<IdentifyResponse> identified) {
    List<Optional<Identity>> identities = new ArrayList<>();
    for (DetectedFace face : detected.getFacesList()) {
      if (identified.isEmpty()) {
        identities.add(Optional.empty());
        continue;
      }
      FaceResult best = null;
      double bestOverlap = 0.5;
      for (FaceResult result : identified.get().getResultsList()) {
        double overlap = overlap(face.getBox(), result.getBox());
        if (overlap >= bestOverlap) {
          best = result;
          bestOverlap = overlap;
        }
      }
      if (best == null) {
        identities.add(Optional.empty());
      } else if (best.getCandidatesCount() == 0) {
        identities.add(Optional.of(new Identity(false, "", 0)));
      } else {
        Candidate top = best.getCandidates(0);
        identities.add(
            Optional.of(new Identity(best.getKnown(), top.getSubjectId(), top.getSimilarity())));
      }
    }
    return identities;
  }

  /** Intersection over union of two boxes. */
  static double overlap(BoundingBox a, BoundingBox b) {
    double w =
        Math.min(a.getX() + a.getWidth(), b.getX() + b.getWidth()) - Math.max(a.getX(), b.getX());
    double h =
        Math.min(a.getY() + a.getHeight(), b.getY() + b.getHeight()) - Math.max(a.getY(), b.getY());
    if (w <= 0 || h <= 0) {
      return 0;
    }
    double union = a.getWidth() * a.getHeight() + b.getWidth() * b.getHeight() - w * h;
    return union <= 0 ? 0 : w * h / union;
  }

  private void text(PrintWriter out, DetectResponse detected, List<Optional<Identity>> identities) {
    int n = detected.getFacesCount();
    out.printf(
        "%s: %d face%s (%dx%d)%n",
        image, n, n == 1 ? "" : "s", detected.getImageWidth(), detected.getImageHeight());
    for (int i = 0; i < n; i++) {
      DetectedFace face = detected.getFaces(i);
      BoundingBox b = face.getBox();
      String who =
          identities
              .get(i)
              .map(id ->
                  id.known()
                      ? String.format(
                          Locale.ROOT, "  %s (similarity %.3f)", id.subject(), id.similarity())
                      : id.subject().isEmpty()
                          ? "  unknown"
                          : String.format(
                              Locale.ROOT,
                              "  unknown (nearest %s, similarity %.3f)",
                              id.subject(),
                              id.similarity()))
              .orElse("");
      out.printf(
          Locale.ROOT,
          "%3d. x=%.0f y=%.0f %.0fx%.0f  score %.3f%s%n",
          i + 1,
          b.getX(),
          b.getY(),
          b.getWidth(),
          b.getHeight(),
          face.getScore(),
          who);
    }
    if (annotate != null) {
      out.println("annotated: " + annotate);
    }
  }

  private void json(
      PrintWriter out,
      DetectResponse detected,
      Optional<IdentifyResponse> identified,
      List<Optional<Identity>> identities) {
    JsonObject document = new JsonObject();
    document.addProperty("image", image.toString());
    document.add("detection", Output.tree(detected));
    if (collection != null) {
      document.add(
          "identification", Output.tree(identified.orElse(IdentifyResponse.getDefaultInstance())));
      // The identification matched to the detections by box: entry i is detection.faces[i].
      JsonArray faces = new JsonArray();
      for (Optional<Identity> identity : identities) {
        JsonObject face = new JsonObject();
        identity.ifPresent(id -> {
          face.addProperty("known", id.known());
          face.addProperty("subject", id.known() ? id.subject() : "");
          face.addProperty("nearest", id.subject());
          face.addProperty("similarity", id.similarity());
        });
        faces.add(face);
      }
      document.add("identities", faces);
    }
    if (annotate != null) {
      document.addProperty("annotated", annotate.toString());
    }
    Output.json(out, document);
  }
}
