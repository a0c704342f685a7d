package dev.facesearch.server.detect;

import dev.facesearch.server.image.RgbImage;
import java.util.List;

/** Finds faces in an image. Implementations are safe for concurrent use. */
public interface FaceDetector extends AutoCloseable {
  /** The faces found, best score first, at most {@code options.maxFaces()}. */
  List<Detection> detect(RgbImage image, DetectionOptions options);

  @Override
  void close();
}
