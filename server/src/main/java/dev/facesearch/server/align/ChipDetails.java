package dev.facesearch.server.align;

/**
 * dlib's {@code chip_details}: a rectangle of the image (inclusive corners, in pixels), turned by
 * {@code angle} about its centre, to be resampled into a chip of {@code rows x cols} pixels.
 */
record ChipDetails(
    double left, double top, double right, double bottom, double angle, int rows, int cols) {

  double centreX() {
    return (left + right) / 2;
  }

  double centreY() {
    return (top + bottom) / 2;
  }

  /** dlib's drectangle area: inclusive corners, so one more than the difference on each side. */
  double area() {
    return left > right || top > bottom ? 0 : (right - left + 1) * (bottom - top + 1);
  }

  /** The same rectangle and angle, shifted by (dx, dy). */
  ChipDetails translated(double dx, double dy) {
    return new ChipDetails(left + dx, top + dy, right + dx, bottom + dy, angle, rows, cols);
  }

  /**
   * One level down dlib's {@code pyramid_down<2>}: each corner goes to {@code p / 2 - (1.25,
   * 0.75)}, dlib's own stated mapping for that pyramid (its filter is in fact centred at {@code p /
   * 2 - 1}; dlib samples with the stated one, and so do we).
   */
  ChipDetails down() {
    return new ChipDetails(
        left / 2 - 1.25, top / 2 - 0.75, right / 2 - 1.25, bottom / 2 - 0.75, angle, rows, cols);
  }

  /**
   * The map from chip pixels to this rectangle's pixels: the chip's top-left, top-right and
   * bottom-left pixel centres go to the rectangle's corners, turned about its centre.
   */
  Affine chipToRectangle() {
    double[] chip = {0, 0, cols - 1, 0, 0, rows - 1};
    double[] image = new double[6];
    rotateCorner(left, top, image, 0);
    rotateCorner(right, top, image, 2);
    rotateCorner(left, bottom, image, 4);
    return Affine.through(chip, image);
  }

  /** The bounding box of the turned rectangle's corners: left, top, right, bottom. */
  double[] turnedBounds() {
    double[] corners = new double[8];
    rotateCorner(left, top, corners, 0);
    rotateCorner(right, top, corners, 2);
    rotateCorner(left, bottom, corners, 4);
    rotateCorner(right, bottom, corners, 6);
    double[] bounds = {corners[0], corners[1], corners[0], corners[1]};
    for (int i = 2; i < 8; i += 2) {
      bounds[0] = Math.min(bounds[0], corners[i]);
      bounds[1] = Math.min(bounds[1], corners[i + 1]);
      bounds[2] = Math.max(bounds[2], corners[i]);
      bounds[3] = Math.max(bounds[3], corners[i + 1]);
    }
    return bounds;
  }

  private void rotateCorner(double x, double y, double[] out, int at) {
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    double dx = x - centreX();
    double dy = y - centreY();
    out[at] = cos * dx - sin * dy + centreX();
    out[at + 1] = sin * dx + cos * dy + centreY();
  }
}
