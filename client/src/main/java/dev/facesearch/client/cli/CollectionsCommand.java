package dev.facesearch.client.cli;

import dev.facesearch.api.v1.Collection;
import dev.facesearch.api.v1.CompactionProgress;
import dev.facesearch.api.v1.CreateCollectionRequest;
import dev.facesearch.api.v1.DeleteCollectionResponse;
import dev.facesearch.api.v1.HnswSettings;
import dev.facesearch.api.v1.ListCollectionsResponse;
import dev.facesearch.api.v1.VectorEncoding;
import dev.facesearch.client.FaceSearchClient;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Creates, lists, inspects and deletes collections. */
@Command(
    name = "collections",
    mixinStandardHelpOptions = true,
    description = "Creates, lists, inspects and deletes collections.")
final class CollectionsCommand {
  @Spec CommandSpec spec;

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a collection.")
  int create(
      @Parameters(paramLabel = "NAME", description = "1-64 characters of a-z, 0-9, '_', '-'.")
          String name,
      @Option(
              names = "--model",
              defaultValue = "",
              description = "resnet128 (default), openface-nn4.small2.v1, or external.")
          String model,
      @Option(
              names = "--threshold",
              description = "Match threshold on the squared L2 distance (default: the model's).")
          Float threshold,
      @Option(
              names = "--hnsw-m",
              defaultValue = "0",
              description = "HNSW max connections (default 16).")
          int maxConnections,
      @Option(
              names = "--hnsw-beam-width",
              defaultValue = "0",
              description = "HNSW beam width (default 100).")
          int beamWidth,
      @Option(
              names = "--vector-encoding",
              description =
                  "How the HNSW graph holds vectors: float32 or int8 (default: the server's).")
          String vectorEncoding) {
    CreateCollectionRequest.Builder request =
        CreateCollectionRequest.newBuilder()
            .setName(name)
            .setEmbeddingModel(model)
            .setHnsw(
                HnswSettings.newBuilder()
                    .setMaxConnections(maxConnections)
                    .setBeamWidth(beamWidth)
                    .setVectorEncoding(vectorEncoding(vectorEncoding)));
    if (threshold != null) {
      request.setMatchThreshold(threshold);
    }
    try (FaceSearchClient client = cli().connect()) {
      print(client.createCollection(request.build()));
    }
    return ExitCode.OK;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists all collections.")
  int list() {
    try (FaceSearchClient client = cli().connect()) {
      List<Collection> collections = client.listCollections();
      if (cli().json()) {
        Output.json(
            out(), ListCollectionsResponse.newBuilder().addAllCollections(collections).build());
      } else {
        Text.collections(out(), collections);
      }
    }
    return ExitCode.OK;
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Shows a collection's settings, faces, subjects and size.")
  int get(@Parameters(paramLabel = "NAME") String name) {
    try (FaceSearchClient client = cli().connect()) {
      print(client.getCollection(name));
    }
    return ExitCode.OK;
  }

  @Command(
      name = "compact",
      mixinStandardHelpOptions = true,
      description = {
        "Merges a collection's index into one segment, so each Identify searches one graph:"
            + " for after a bulk load. The collection keeps answering meanwhile.",
        "Progress goes to standard error; the result (or --json) to standard output. Stopping"
            + " the command does not stop the compaction on the server."
      })
  int compact(@Parameters(paramLabel = "NAME") String name) {
    boolean terminal = Progress.Mode.auto() == Progress.Mode.BAR;
    PrintWriter err = spec.commandLine().getErr();
    try (FaceSearchClient client = cli().connect()) {
      CompactionProgress last =
          client.compactCollection(
              name,
              p -> {
                if (!p.getDone()) {
                  err.print(Text.compaction(name, p) + (terminal ? "\r" : "\n"));
                  err.flush();
                }
              });
      if (terminal) {
        err.println();
      }
      if (cli().json()) {
        Output.json(out(), last);
      } else {
        out().println(Text.compaction(name, last));
      }
    }
    return ExitCode.OK;
  }

  private static VectorEncoding vectorEncoding(String value) {
    if (value == null || value.isEmpty()) {
      return VectorEncoding.VECTOR_ENCODING_UNSPECIFIED;
    }
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "float32" -> VectorEncoding.VECTOR_ENCODING_FLOAT32;
      case "int8" -> VectorEncoding.VECTOR_ENCODING_INT8;
      default ->
          throw new CliException(
              ExitCode.USAGE, "--vector-encoding must be float32 or int8, got '" + value + "'");
    };
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Deletes a collection and purges all its faces.")
  int delete(@Parameters(paramLabel = "NAME") String name) {
    try (FaceSearchClient client = cli().connect()) {
      client.deleteCollection(name);
    }
    if (cli().json()) {
      Output.json(out(), DeleteCollectionResponse.getDefaultInstance());
    } else {
      out().println("deleted collection " + name);
    }
    return ExitCode.OK;
  }

  private void print(Collection collection) {
    if (cli().json()) {
      Output.json(out(), collection);
    } else {
      Text.collection(out(), collection);
    }
  }

  private FaceSearchCli cli() {
    return FaceSearchCli.root(spec);
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
