package dev.facesearch.server.landmark;

import dev.facesearch.server.detect.Detection;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.detect.FaceFraming;
import dev.facesearch.server.image.RgbImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the 68 landmarks of detected faces with dlib's shape predictor, as dlib's own pipeline
 * does: on dlib's box convention (other detectors' boxes are moved onto it, {@link FaceFraming}),
 * and rounded to whole pixels, as dlib's {@code full_object_detection} holds them, so that the
 * chips cut from them are dlib's own.
 */
public final class DlibLandmarker implements Landmarker {
  private final ShapePredictor predictor;

  public DlibLandmarker(ShapePredictor predictor) {
    this.predictor = predictor;
  }

  @Override
  public List<float[]> landmarks(
      RgbImage image, List<Detection> detections, DetectorKind detector) {
    List<float[]> result = new ArrayList<>(detections.size());
    for (Detection detection : detections) {
      Detection box = FaceFraming.reframe(detection, detector, DetectorKind.DLIB_HOG);
      // dlib's rectangles are whole pixels, right and bottom inclusive; a HOG box maps back
      // exactly.
      int left = Math.round(box.x());
      int top = Math.round(box.y());
      int right = Math.round(box.x() + box.width()) - 1;
      int bottom = Math.round(box.y() + box.height()) - 1;
      int[] points = ShapePredictor.toPoints(predictor.predict(image, left, top, right, bottom));
      float[] landmarks = new float[points.length];
      for (int i = 0; i < points.length; i++) {
        landmarks[i] = points[i];
      }
      result.add(landmarks);
    }
    return result;
  }
}
