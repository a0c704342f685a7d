package dev.facesearch.server.embed;

import dev.facesearch.models.faceapi.FaceRecognitionNetGraph;
import dev.facesearch.models.openface.OpenFaceGraph;
import dev.facesearch.server.core.InvalidInputException;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The embedding models a collection can hold, each with its dimension and default threshold.
 *
 * <p>A collection records its model when it is created and holds only that model's embeddings:
 * distances between embeddings of different models mean nothing.
 */
public enum EmbeddingModel {
  /**
   * dlib's ResNet face descriptor as published in the face-api set (FaceRecognitionNet). Default
   * threshold: measured on lfw-subset pairs, see {@link
   * FaceRecognitionNetGraph#DEFAULT_MATCH_THRESHOLD}.
   */
  RESNET128("resnet128", 128, FaceRecognitionNetGraph.DEFAULT_MATCH_THRESHOLD, true),

  /**
   * OpenFace nn4.small2.v1. Default threshold: the published LFW evaluation's per-fold squared L2
   * threshold, about 0.99.
   */
  OPENFACE("openface-nn4.small2.v1", 128, OpenFaceGraph.DEFAULT_MATCH_THRESHOLD, true),

  /**
   * Embeddings computed by the caller with a model of their own. There is no default threshold: the
   * collection must be created with one. Image inputs are refused.
   */
  EXTERNAL("external", 128, Float.NaN, false);

  /** The model of a collection created without one. */
  public static final EmbeddingModel DEFAULT = RESNET128;

  private final String id;
  private final int dimension;
  private final float defaultThreshold;
  private final boolean embedsImages;

  EmbeddingModel(String id, int dimension, float defaultThreshold, boolean embedsImages) {
    this.id = id;
    this.dimension = dimension;
    this.defaultThreshold = defaultThreshold;
    this.embedsImages = embedsImages;
  }

  /** The name used in the API and on disk. */
  public String id() {
    return id;
  }

  /** Values per embedding. */
  public int dimension() {
    return dimension;
  }

  /** The match threshold of a collection created without one, if the model has one. */
  public Optional<Float> defaultThreshold() {
    return Float.isNaN(defaultThreshold) ? Optional.empty() : Optional.of(defaultThreshold);
  }

  /** Whether the server can compute this model's embeddings from images. */
  public boolean embedsImages() {
    return embedsImages;
  }

  /**
   * The model with this id; the default model for an empty id.
   *
   * @throws InvalidInputException for an unknown id
   */
  public static EmbeddingModel byId(String id) {
    if (id.isEmpty()) {
      return DEFAULT;
    }
    for (EmbeddingModel model : values()) {
      if (model.id.equals(id)) {
        return model;
      }
    }
    throw new InvalidInputException(
        "unknown embedding model '"
            + id
            + "'; known models: "
            + Arrays.stream(values()).map(EmbeddingModel::id).collect(Collectors.joining(", ")));
  }
}
