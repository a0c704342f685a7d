package dev.facesearch.server.landmark;

import dev.facesearch.server.detect.Detection;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.detect.FaceFraming;
import dev.facesearch.server.image.RgbImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the 68 landmarks of detected faces with face-api's FaceLandmark68Net, in the image's
 * pixels.
 *
 * <p>The net wants SSD's framing of a face (it gives collapsed points on loose crops), so boxes of
 * other detectors are moved onto it first ({@link FaceFraming}). Each face is cropped as face-api
 * does (the detection box clipped to the image, then floored), the crops of one image go through
 * the landmark net in one batch, and the points are mapped back from the padded square to the crop,
 * then shifted by the crop's corner. face-api shifts by the unclipped, unfloored box corner
 * instead, which misplaces points by up to a pixel, and by more when a box leaves the image; we use
 * the crop's true corner.
 */
public final class FaceLandmarker implements Landmarker {
  private final LandmarkDetector net;

  public FaceLandmarker(LandmarkDetector net) {
    this.net = net;
  }

  /** A face crop and where it sits in the image. */
  private record Crop(RgbImage pixels, int left, int top) {}

  @Override
  public List<float[]> landmarks(
      RgbImage image, List<Detection> detections, DetectorKind detector) {
    List<Crop> crops = new ArrayList<>(detections.size());
    for (Detection detection : detections) {
      crops.add(
          crop(image, FaceFraming.reframe(detection, detector, DetectorKind.SSD_MOBILENET_V1)));
    }
    List<RgbImage> nonEmpty = crops.stream().filter(c -> c != null).map(Crop::pixels).toList();
    List<float[]> relative = net.landmarks(nonEmpty);
    List<float[]> result = new ArrayList<>(detections.size());
    int next = 0;
    for (Crop crop : crops) {
      if (crop == null) {
        result.add(null);
        continue;
      }
      float[] points =
          LandmarkDetector.inCropPixels(
              relative.get(next++), crop.pixels().width(), crop.pixels().height());
      for (int i = 0; i < points.length; i += 2) {
        points[i] += crop.left();
        points[i + 1] += crop.top();
      }
      result.add(points);
    }
    return result;
  }

  /** face-api's crop: clip the box to the image, floor it; null if nothing is left. */
  static Crop crop(RgbImage image, Detection detection) {
    double x = Math.max(detection.x(), 0);
    double y = Math.max(detection.y(), 0);
    double width = Math.min(detection.x() + detection.width() - x, image.width() - x);
    double height = Math.min(detection.y() + detection.height() - y, image.height() - y);
    int left = (int) Math.floor(x);
    int top = (int) Math.floor(y);
    int cropWidth = (int) Math.floor(width);
    int cropHeight = (int) Math.floor(height);
    if (cropWidth <= 0 || cropHeight <= 0) {
      return null;
    }
    byte[] pixels = new byte[cropWidth * cropHeight * 3];
    for (int row = 0; row < cropHeight; row++) {
      System.arraycopy(
          image.pixels(),
          ((top + row) * image.width() + left) * 3,
          pixels,
          row * cropWidth * 3,
          cropWidth * 3);
    }
    return new Crop(new RgbImage(cropWidth, cropHeight, pixels), left, top);
  }
}
