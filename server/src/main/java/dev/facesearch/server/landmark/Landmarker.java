package dev.facesearch.server.landmark;

import dev.facesearch.server.detect.Detection;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.image.RgbImage;
import java.util.List;

/** Finds the 68 landmarks of detected faces, in the image's pixels. Safe for concurrent use. */
public interface Landmarker {
  /**
   * The landmarks of each detection, 136 values (x0, y0, ..., x67, y67) in image pixels; a
   * detection whose box holds no pixel of the image gets null.
   *
   * @param detector the detector that drew the boxes: each detector frames a face its own way, and
   *     a landmark model expects the framing it was trained on
   */
  List<float[]> landmarks(RgbImage image, List<Detection> detections, DetectorKind detector);
}
