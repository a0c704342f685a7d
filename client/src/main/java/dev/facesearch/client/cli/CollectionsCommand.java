package dev.facesearch.client.cli;

import dev.facesearch.api.v1.Collection;
import dev.facesearch.api.v1.CreateCollectionRequest;
import dev.facesearch.api.v1.DeleteCollectionResponse;
import dev.facesearch.api.v1.HnswSettings;
import dev.facesearch.api.v1.ListCollectionsResponse;
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
          int beamWidth) {
    CreateCollectionRequest.Builder request =
        CreateCollectionRequest.newBuilder()
            .setName(name)
            .setEmbeddingModel(model)
            .setHnsw(
                HnswSettings.newBuilder()
                    .setMaxConnections(maxConnections)
                    .setBeamWidth(beamWidth));
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
