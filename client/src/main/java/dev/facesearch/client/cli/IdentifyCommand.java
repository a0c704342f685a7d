package dev.facesearch.client.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.facesearch.api.v1.Candidate;
import dev.facesearch.api.v1.FaceResult;
import dev.facesearch.api.v1.IdentifyRequest;
import dev.facesearch.api.v1.IdentifyResponse;
import dev.facesearch.client.FaceSearchClient;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Identifies the people in photos: for each face, the nearest enrolled subjects. */
@Command(
    name = "identify",
    mixinStandardHelpOptions = true,
    description = {
      "Finds who is in photos: for each face of each image (largest first), the nearest enrolled"
          + " subjects, and whether the nearest is within the collection's match threshold.",
      "An image the server refuses is reported and the others go on; exit status 1 then."
    })
final class IdentifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "IMG", arity = "1..*", description = "The photos.")
  List<Path> images;

  @Option(
      names = {"-c", "--collection"},
      required = true,
      description = "The collection.")
  String collection;

  @Option(
      names = {"-k", "--top-k"},
      defaultValue = "5",
      description = "Candidates per face (default ${DEFAULT-VALUE}).")
  int topK;

  @Option(
      names = "--max-distance",
      paramLabel = "D",
      description = "Leave out candidates farther than this squared L2 distance, in [0, 4].")
  Float maxDistance;

  @Mixin DetectionOptions detection;

  @Override
  public Integer call() {
    FaceSearchCli cli = FaceSearchCli.root(spec);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // A mistyped path is found before any call rather than halfway through.
    images.forEach(ImageFiles::checkReadable);
    int refused = 0;
    JsonArray documents = new JsonArray();
    try (FaceSearchClient client = cli.connect()) {
      for (Path image : images) {
        IdentifyRequest.Builder request =
            IdentifyRequest.newBuilder()
                .setCollection(collection)
                .setInput(FaceSearchClient.image(ImageFiles.read(image)))
                .setTopK(topK)
                .setDetection(detection.settings());
        if (maxDistance != null) {
          request.setMaxDistance(maxDistance);
        }
        JsonObject document = new JsonObject();
        document.addProperty("file", image.toString());
        try {
          IdentifyResponse response = client.identify(request.build());
          if (cli.json()) {
            Output.tree(response)
                .getAsJsonObject()
                .entrySet()
                .forEach(e -> document.add(e.getKey(), e.getValue()));
          } else {
            print(out, image, response);
          }
        } catch (StatusRuntimeException e) {
          if (FolderEnroller.stopsTheRun(e.getStatus().getCode())) {
            throw e;
          }
          refused++;
          String error = e.getStatus().getCode() + ": " + e.getStatus().getDescription();
          err.println("facesearch: " + image + ": " + error);
          document.addProperty("error", error);
        }
        documents.add(document);
      }
    }
    if (cli.json()) {
      JsonObject all = new JsonObject();
      all.addProperty("collection", collection);
      all.add("images", documents);
      Output.json(out, all);
    }
    return refused == 0 ? ExitCode.OK : ExitCode.REFUSED;
  }

  private static void print(PrintWriter out, Path image, IdentifyResponse response) {
    List<FaceResult> faces = response.getResultsList();
    if (faces.isEmpty()) {
      out.println(image + ": no face found");
      return;
    }
    out.println(image + ": " + faces.size() + (faces.size() == 1 ? " face" : " faces"));
    int n = 1;
    for (FaceResult face : faces) {
      String who =
          face.getKnown()
              ? face.getCandidates(0).getSubjectId()
              : "unknown person (threshold " + response.getMatchThreshold() + ")";
      out.printf(
          "  face %d at %s, score %.2f: %s%n",
          n++, Text.box(face.getBox()), face.getDetectionScore(), who);
      int rank = 1;
      for (Candidate c : face.getCandidatesList()) {
        out.printf(
            "    %d. %-32s distance %.4f  similarity %.4f  face %s%n",
            rank++, c.getSubjectId(), c.getDistance(), c.getSimilarity(), c.getFaceId());
      }
      if (face.getCandidatesCount() == 0) {
        out.println("    no candidates");
      }
    }
  }
}
