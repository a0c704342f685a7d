package dev.facesearch.server.detect;

/**
 * A face found in an image: the detector's confidence and the box, in pixels of the image.
 *
 * @param score confidence in [0, 1]
 * @param x left edge
 * @param y top edge
 * @param width width
 * @param height height
 */
public record Detection(float score, float x, float y, float width, float height) {
  /** The box's area in square pixels. */
  public float area() {
    return width * height;
  }
}
