package dev.facesearch.client.cli;

import dev.facesearch.api.v1.AnalyzeFacesRequest;
import picocli.CommandLine.Option;

/**
 * Which embedding model analyses the images: a collection's (with its detection settings), or a
 * model named directly. With neither, the server's default model.
 */
final class ModelChoice {
  @Option(
      names = {"-c", "--collection"},
      description = "Use this collection's embedding model and detection settings.")
  String collection;

  @Option(
      names = "--model",
      paramLabel = "M",
      description =
          "Embedding model without a collection: resnet128 (default) or"
              + " openface-nn4.small2.v1.")
  String model;

  /** Sets the collection or the model of a request; null choice means neither. */
  static AnalyzeFacesRequest.Builder apply(
      ModelChoice choice, AnalyzeFacesRequest.Builder request) {
    if (choice != null && choice.collection != null) {
      request.setCollection(choice.collection);
    }
    if (choice != null && choice.model != null) {
      request.setEmbeddingModel(choice.model);
    }
    return request;
  }
}
