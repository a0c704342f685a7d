package dev.facesearch.client.cli;

import com.google.gson.JsonObject;
import dev.facesearch.api.v1.AnalyzeFacesRequest;
import dev.facesearch.api.v1.AnalyzeFacesResponse;
import dev.facesearch.client.FaceSearchClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Writes the aligned face chips of a folder of images, as the server computes them for the
 * embedding model: to look at what the model sees, or to train elsewhere on the same crops.
 */
@Command(
    name = "align",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the aligned face chip of every image in DIR as a PNG under OUT, mirroring the"
          + " person folders: DIR/<person>/<image> gives OUT/<person>/<image-stem>.png, and an"
          + " image directly in DIR gives OUT/<image-stem>.png. The chip is the embedding"
          + " model's input, e.g. 150x150 for resnet128.",
      "Images without a face are listed in the summary. An image that fails is reported on"
          + " stderr, and the exit status is then 1."
    })
final class AlignCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The images.")
  Path dir;

  @Parameters(index = "1", paramLabel = "OUT", description = "Where the chips go (created).")
  Path out;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  ModelChoice model;

  @Mixin DetectionOptions detection;

  @Option(
      names = "--all-faces",
      description = "Write every face as <image-stem>-<i>.png, i = 1 for the largest.")
  boolean allFaces;

  @Option(
      names = "--parallel",
      defaultValue = "4",
      description = "Images analysed at once (default ${DEFAULT-VALUE}).")
  int parallel;

  @Override
  public Integer call() {
    FaceSearchCli cli = FaceSearchCli.root(spec);
    PrintWriter err = spec.commandLine().getErr();
    List<SourceImages.SourceImage> images = SourceImages.list(dir);
    AnalyzeFacesRequest template =
        ModelChoice.apply(model, AnalyzeFacesRequest.newBuilder())
            .setDetection(detection.settings())
            .setIncludeChips(true)
            .build();
    BatchSummary summary = new BatchSummary();
    String[] embeddingModel = {""};
    try (FaceSearchClient client = cli.connect()) {
      new AnalyzeBatch(client, template, parallel)
          .run(
              images,
              outcome -> {
                summary.image();
                if (outcome.response().isEmpty()) {
                  summary.error(err, outcome.image().relative(), outcome.error());
                  return;
                }
                AnalyzeFacesResponse response = outcome.response().get();
                embeddingModel[0] = response.getEmbeddingModel();
                if (response.getFacesCount() == 0) {
                  summary.noFace(outcome.image().relative());
                  return;
                }
                int count = allFaces ? response.getFacesCount() : 1;
                for (int i = 0; i < count; i++) {
                  String name = outcome.image().stem() + (allFaces ? "-" + (i + 1) : "") + ".png";
                  write(
                      outcome.image().output(out, name),
                      response.getFaces(i).getChipPng().toByteArray());
                }
                summary.faces(count);
              });
    }
    JsonObject extra = new JsonObject();
    extra.addProperty("out", out.toString());
    extra.addProperty("embedding_model", embeddingModel[0]);
    summary.print(spec.commandLine().getOut(), cli.json(), "chips written to " + out, extra);
    return summary.exitCode();
  }

  private static void write(Path file, byte[] png) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, png);
    } catch (IOException e) {
      throw new CliException(ExitCode.LOCAL_INPUT, "cannot write " + file + ": " + e.getMessage());
    }
  }
}
