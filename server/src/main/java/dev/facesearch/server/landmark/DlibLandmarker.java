package dev.facesearch.server.landmark;

import dev.facesearch.server.detect.Detection;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.detect.FaceFraming;
import dev.facesearch.server.detect.hog.HogReframer;
import dev.facesearch.server.image.RgbImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the 68 landmarks of detected faces with dlib's shape predictor, as dlib's own pipeline
 * does: on dlib's box convention, rounded to whole pixels as dlib's {@code full_object_detection}
 * holds them, so that the chips cut from them are dlib's own.
 *
 * <p>The predictor starts from its mean shape in the box and corrects it only so far, so a box
 * framed otherwise than dlib's detector frames it gives worse points. A box of another detector is
 * first moved onto dlib's framing by a fixed mapping ({@link FaceFraming}), then replaced by the
 * box dlib's detector itself draws around the face in a resampled crop ({@link HogReframer}) where
 * HOG sees it there.
 */
public final class DlibLandmarker implements Landmarker {
  private final ShapePredictor predictor;
  private final HogReframer reframer;

  public DlibLandmarker(ShapePredictor predictor, HogReframer reframer) {
    this.predictor = predictor;
    this.reframer = reframer;
  }

  @Override
  public List<float[]> landmarks(
      RgbImage image, List<Detection> detections, DetectorKind detector) {
    List<float[]> result = new ArrayList<>(detections.size());
    for (Detection detection : detections) {
      if (!overlaps(detection, image)) {
        result.add(null);
        continue;
      }
      Detection box = FaceFraming.reframe(detection, detector, DetectorKind.DLIB_HOG);
      if (detector != DetectorKind.DLIB_HOG) {
        Detection hog = reframer.reframe(image, box);
        box = hog != null ? hog : box;
      }
      int[] points = ShapePredictor.toPoints(predict(image, box));
      float[] landmarks = new float[points.length];
      for (int i = 0; i < points.length; i++) {
        landmarks[i] = points[i];
      }
      result.add(landmarks);
    }
    return result;
  }

  private static boolean overlaps(Detection box, RgbImage image) {
    return box.x() < image.width()
        && box.y() < image.height()
        && box.x() + box.width() > 0
        && box.y() + box.height() > 0;
  }

  private float[] predict(RgbImage image, Detection box) {
    // dlib's rectangles are whole pixels, right and bottom inclusive; a HOG box maps back exactly.
    int left = Math.round(box.x());
    int top = Math.round(box.y());
    int right = Math.round(box.x() + box.width()) - 1;
    int bottom = Math.round(box.y() + box.height()) - 1;
    return predictor.predict(image, left, top, right, bottom);
  }
}
