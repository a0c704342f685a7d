package dev.facesearch.server.detect;

import ai.djl.translate.TranslateException;
import dev.facesearch.server.core.UnavailableException;
import dev.facesearch.server.image.RgbImage;
import dev.facesearch.server.model.ModelRegistry;
import dev.facesearch.server.model.PredictorPool;
import java.util.List;

/** A face detector run by ONNX Runtime: SSD MobileNet v1 (the default) or the tiny detector. */
public final class OnnxFaceDetector implements FaceDetector {
  private final String name;
  private final PredictorPool<DetectorInput, List<Detection>> pool;

  private OnnxFaceDetector(String name, PredictorPool<DetectorInput, List<Detection>> pool) {
    this.name = name;
    this.pool = pool;
  }

  /** face-api's SSD MobileNet v1, the accurate detector. */
  public static OnnxFaceDetector ssdMobilenetV1(ModelRegistry models, int predictors) {
    return new OnnxFaceDetector(
        SsdMobilenetTranslator.MODEL,
        new PredictorPool<>(
            models.load(SsdMobilenetTranslator.MODEL, new SsdMobilenetTranslator()), predictors));
  }

  /** face-api's tiny face detector, the fast one. */
  public static OnnxFaceDetector tinyFaceDetector(ModelRegistry models, int predictors) {
    return new OnnxFaceDetector(
        TinyFaceTranslator.MODEL,
        new PredictorPool<>(
            models.load(TinyFaceTranslator.MODEL, new TinyFaceTranslator()), predictors));
  }

  @Override
  public List<Detection> detect(RgbImage image, DetectionOptions options) {
    try {
      return pool.predict(new DetectorInput(image, options));
    } catch (TranslateException e) {
      throw new UnavailableException("the face detector " + name + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while detecting faces", e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
