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

  /**
   * Maps a net output to pixels of the crop it came from, as face-api does: the crop was padded
   * centred to a square of side max(width, height), so x = rx * side - (side - width) / 2 (and
   * likewise y). face-api assumes symmetric padding here; for an odd difference the padding put the
   * odd pixel at the end, so this is half a pixel off, exactly as face-api is.
   *
   * @return 136 values (x0, y0, ...) in the crop's pixels
   */
  public static float[] inCropPixels(float[] relative, int cropWidth, int cropHeight) {
    int side = Math.max(cropWidth, cropHeight);
    double padX = (side - cropWidth) / 2.0;
    double padY = (side - cropHeight) / 2.0;
    float[] points = new float[relative.length];
    for (int i = 0; i < relative.length; i += 2) {
      points[i] = (float) (relative[i] * side - padX);
      points[i + 1] = (float) (relative[i + 1] * side - padY);
    }
    return points;
  }

  @Override
  public void close() {
    pool.close();
  }
}
