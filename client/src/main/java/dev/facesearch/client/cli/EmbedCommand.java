package dev.facesearch.client.cli;

import com.google.gson.JsonObject;
import dev.facesearch.api.v1.AnalyzeFacesRequest;
import dev.facesearch.api.v1.AnalyzeFacesResponse;
import dev.facesearch.api.v1.AnalyzedFace;
import dev.facesearch.client.FaceSearchClient;
import java.io.PrintWriter;
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
 * Computes the embeddings of a folder of images on the server and writes them as CSV that
 * enroll-embeddings and identify-embedding read, to enroll or evaluate without sending images
 * again.
 */
@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the embedding of the largest face of every image in DIR to FILE.csv, one line"
          + " subject,v1,...,v128: the subject is the person folder (DIR/<person>/<image>), or"
          + " the image's name without extension for an image directly in DIR. The file feeds"
          + " enroll-embeddings and identify-embedding as it is; its first line, a comment,"
          + " names the columns and the model.",
      "With --with-file, a second column holds the image's path under DIR, for provenance;"
          + " enroll-embeddings and identify-embedding do not read that form.",
      "Images without a face are listed in the summary. An image that fails is reported on"
          + " stderr, and the exit status is then 1."
    })
final class EmbedCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "The images.")
  Path dir;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE.csv",
      description = "The CSV file to write (replaced).")
  Path out;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  ModelChoice model;

  @Mixin DetectionOptions detection;

  @Option(
      names = "--all-faces",
      description = "One line per face, largest first, all with the image's subject.")
  boolean allFaces;

  @Option(names = "--with-file", description = "Add the image's path under DIR as column 2.")
  boolean withFile;

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
            .build();
    BatchSummary summary = new BatchSummary();
    String[] embeddingModel = {""};
    try (FaceSearchClient client = cli.connect();
        EmbeddingCsvWriter csv = new EmbeddingCsvWriter(out)) {
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
                if (response.getFacesCount() == 0) {
                  summary.noFace(outcome.image().relative());
                  return;
                }
                if (embeddingModel[0].isEmpty()) {
                  embeddingModel[0] = response.getEmbeddingModel();
                  csv.comment(header(response));
                }
                List<AnalyzedFace> faces =
                    allFaces ? response.getFacesList() : response.getFacesList().subList(0, 1);
                for (AnalyzedFace face : faces) {
                  float[] values = values(face);
                  if (withFile) {
                    csv.write(values, outcome.image().subject(), outcome.image().relative());
                  } else {
                    csv.write(values, outcome.image().subject());
                  }
                }
                summary.faces(faces.size());
              });
      csv.commit();
    }
    JsonObject extra = new JsonObject();
    extra.addProperty("out", out.toString());
    extra.addProperty("embedding_model", embeddingModel[0]);
    summary.print(spec.commandLine().getOut(), cli.json(), "embeddings written to " + out, extra);
    return summary.exitCode();
  }

  /** The columns and the model, so that the file says what it holds. */
  private String header(AnalyzeFacesResponse response) {
    int dimension = response.getFaces(0).getEmbedding().getValuesCount();
    return (withFile ? "subject,file," : "subject,")
        + "v1,...,v"
        + dimension
        + "  (embedding model "
        + response.getEmbeddingModel()
        + ")";
  }

  private static float[] values(AnalyzedFace face) {
    List<Float> list = face.getEmbedding().getValuesList();
    float[] values = new float[list.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = list.get(i);
    }
    return values;
  }
}
