package dev.facesearch.server.evaluate;

import dev.facesearch.server.detect.Detection;

/**
 * An axis-aligned box in continuous image coordinates: it covers [left, left + width) x [top, top +
 * height), where pixel (i, j) is the unit square with corner (i, j).
 *
 * <p>Detections are already in this convention. dlib's labelled boxes are inclusive pixel
 * rectangles whose XML {@code width} is right - left + 1, so they cover the same span.
 */
record Box(double left, double top, double width, double height) {
  Box {
    if (!(width >= 0 && height >= 0)) {
      throw new IllegalArgumentException("negative box size: " + width + "x" + height);
    }
  }

  static Box of(Detection detection) {
    return new Box(detection.x(), detection.y(), detection.width(), detection.height());
  }

  /** This box as a detection, to hand a labelled box to code that takes detections. */
  Detection asDetection() {
    return new Detection(1f, (float) left, (float) top, (float) width, (float) height);
  }

  double area() {
    return width * height;
  }

  double centreX() {
    return left + width / 2;
  }

  double centreY() {
    return top + height / 2;
  }

  /** Intersection over union; 0 when either box is empty. */
  double iou(Box other) {
    double overlapWidth =
        Math.min(left + width, other.left + other.width) - Math.max(left, other.left);
    double overlapHeight =
        Math.min(top + height, other.top + other.height) - Math.max(top, other.top);
    if (overlapWidth <= 0 || overlapHeight <= 0) {
      return 0;
    }
    double intersection = overlapWidth * overlapHeight;
    return intersection / (area() + other.area() - intersection);
  }
}
