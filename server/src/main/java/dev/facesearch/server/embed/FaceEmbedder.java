package dev.facesearch.server.embed;

import ai.djl.translate.TranslateException;
import dev.facesearch.server.core.UnavailableException;
import dev.facesearch.server.image.RgbImage;
import dev.facesearch.server.model.ModelRegistry;
import dev.facesearch.server.model.PredictorPool;
import java.util.List;

/**
 * Computes face embeddings from aligned face chips, all chips of a call in one batch: ResNet-128
 * (face-api's FaceRecognitionNet) or OpenFace nn4.small2.v1. Safe for concurrent use.
 */
public final class FaceEmbedder implements AutoCloseable {
  private final PredictorPool<List<RgbImage>, List<float[]>> pool;
  private final int chipSize;

  private FaceEmbedder(PredictorPool<List<RgbImage>, List<float[]>> pool, int chipSize) {
    this.pool = pool;
    this.chipSize = chipSize;
  }

  /** The embedder over the registry's face_recognition model, loading it now. */
  public static FaceEmbedder resnet128(ModelRegistry models, int predictors) {
    return new FaceEmbedder(
        new PredictorPool<>(
            models.load(FaceRecognitionTranslator.MODEL, new FaceRecognitionTranslator()),
            predictors),
        FaceRecognitionTranslator.SIZE);
  }

  /** OpenFace nn4.small2.v1, built from the user's weights, loading it now. */
  public static FaceEmbedder openFace(ModelRegistry models, int predictors) {
    return new FaceEmbedder(
        new PredictorPool<>(
            models.load(OpenFaceTranslator.MODEL, new OpenFaceTranslator()), predictors),
        OpenFaceTranslator.SIZE);
  }

  /** Side of the square chip the model takes. */
  public int chipSize() {
    return chipSize;
  }

  /** The raw (not normalised) embedding of each chip, in order. */
  public List<float[]> embed(List<RgbImage> chips) {
    if (chips.isEmpty()) {
      return List.of();
    }
    try {
      return pool.predict(chips);
    } catch (TranslateException e) {
      throw new UnavailableException("the embedding model failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while embedding", e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
