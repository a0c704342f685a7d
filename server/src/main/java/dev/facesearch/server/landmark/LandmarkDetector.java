package dev.facesearch.server.landmark;

import ai.djl.translate.TranslateException;
import dev.facesearch.server.core.UnavailableException;
import dev.facesearch.server.image.RgbImage;
import dev.facesearch.server.model.ModelRegistry;
import dev.facesearch.server.model.PredictorPool;
import java.util.List;

/**
 * Finds 68 landmarks in face crops with face-api's FaceLandmark68Net (or its tiny variant), all
 * crops of a call in one batch. Safe for concurrent use.
 */
public final class LandmarkDetector implements AutoCloseable {
  private final PredictorPool<List<RgbImage>, List<float[]>> pool;

  private LandmarkDetector(PredictorPool<List<RgbImage>, List<float[]>> pool) {
    this.pool = pool;
  }

  /** FaceLandmark68Net. */
  public static LandmarkDetector full(ModelRegistry models, int predictors) {
    return new LandmarkDetector(
        new PredictorPool<>(
            models.load("face_landmark_68", new FaceLandmarkTranslator()), predictors));
  }

  /** FaceLandmark68TinyNet. */
  public static LandmarkDetector tiny(ModelRegistry models, int predictors) {
    return new LandmarkDetector(
        new PredictorPool<>(
            models.load("face_landmark_68_tiny", new FaceLandmarkTranslator()), predictors));
  }

  /**
   * For each crop, 136 values (x0, y0, ..., x67, y67) relative to the crop padded centred to a
   * square.
   */
  public List<float[]> landmarks(List<RgbImage> crops) {
    if (crops.isEmpty()) {
      return List.of();
    }
    try {
      return pool.predict(crops);
    } catch (TranslateException e) {
      throw new UnavailableException("the landmark model failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while finding landmarks", e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
