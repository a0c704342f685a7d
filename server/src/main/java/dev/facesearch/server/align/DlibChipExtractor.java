package dev.facesearch.server.align;

import dev.facesearch.server.image.RgbImage;

/**
 * dlib's {@code extract_image_chip} with its default bilinear interpolation, for one chip.
 *
 * <p>When the chip is much smaller than its rectangle, plain bilinear sampling would skip pixels
 * and alias, so dlib first halves the image with {@code pyramid_down<2>} (a 5x5 binomial filter,
 * then every other row and column) until one more halving would leave the rectangle smaller than
 * the chip, and samples that level. The pyramid is built only over the rectangle's neighbourhood,
 * and which pixels it keeps depends on where that neighbourhood starts, so we build it the same
 * way. Bilinear samples are truncated to integers, and a chip pixel whose 2x2 neighbourhood is not
 * wholly inside the sampled image is black.
 */
final class DlibChipExtractor {
  private DlibChipExtractor() {}

  /** A window of an RGB image: the pixels of {@code image} from (x0, y0), width x height. */
  private record Window(RgbImage image, int x0, int y0, int width, int height) {}

  static RgbImage extract(RgbImage image, ChipDetails chip) {
    int rows = chip.rows();
    int cols = chip.cols();
    if (chip.angle() == 0
        && rows == chip.bottom() - chip.top() + 1
        && cols == chip.right() - chip.left() + 1) {
      // dlib copies the (rounded) rectangle when there is nothing to resample.
      return copy(image, round(chip.left()), round(chip.top()), cols, rows);
    }
    long chipArea = (long) rows * cols;
    int depth = 0;
    double grow = 2;
    for (ChipDetails r = chip.down(); r.area() > chipArea; r = r.down()) {
      depth++;
      // Each halving doubles the margin the filter needs, plus two pixels.
      grow = grow * 2 + 2;
    }
    double[] turned = chip.turnedBounds();
    int boxLeft = round(Math.max(turned[0] - grow, 0));
    int boxTop = round(Math.max(turned[1] - grow, 0));
    int boxRight = round(Math.min(turned[2] + grow, image.width() - 1));
    int boxBottom = round(Math.min(turned[3] + grow, image.height() - 1));
    byte[] out = new byte[rows * cols * 3];
    if (boxLeft > boxRight || boxTop > boxBottom) {
      return new RgbImage(cols, rows, out);
    }
    Window window =
        new Window(image, boxLeft, boxTop, boxRight - boxLeft + 1, boxBottom - boxTop + 1);
    ChipDetails rect = chip.translated(-boxLeft, -boxTop);
    for (int level = 0; level < depth && rect.down().area() > chipArea; level++) {
      rect = rect.down();
      RgbImage down = DlibPyramid.down(window);
      if (down == null) {
        return new RgbImage(cols, rows, out);
      }
      window = new Window(down, 0, 0, down.width(), down.height());
    }
    Affine toSource = rect.chipToRectangle();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        sample(window, toSource.x(c, r), toSource.y(c, r), out, (r * cols + c) * 3);
      }
    }
    return new RgbImage(cols, rows, out);
  }

  /** dlib's {@code interpolate_bilinear}; leaves the pixel black outside. */
  private static void sample(Window window, double x, double y, byte[] out, int at) {
    int left = (int) Math.floor(x);
    int top = (int) Math.floor(y);
    if (left < 0 || top < 0 || left + 1 >= window.width() || top + 1 >= window.height()) {
      return;
    }
    double lr = x - left;
    double tb = y - top;
    RgbImage image = window.image();
    int stride = image.width() * 3;
    int topLeft = ((window.y0() + top) * image.width() + window.x0() + left) * 3;
    byte[] p = image.pixels();
    for (int ch = 0; ch < 3; ch++) {
      int i = topLeft + ch;
      double value =
          (1 - tb) * ((1 - lr) * (p[i] & 255) + lr * (p[i + 3] & 255))
              + tb * ((1 - lr) * (p[i + stride] & 255) + lr * (p[i + stride + 3] & 255));
      out[at + ch] = (byte) Math.min(255, (int) value);
    }
  }

  /** The pixels of a rectangle of the image, black where it leaves the image. */
  private static RgbImage copy(RgbImage image, int left, int top, int width, int height) {
    byte[] out = new byte[width * height * 3];
    for (int r = 0; r < height; r++) {
      int y = top + r;
      if (y < 0 || y >= image.height()) {
        continue;
      }
      int from = Math.max(left, 0);
      int to = Math.min(left + width, image.width());
      if (from < to) {
        System.arraycopy(
            image.pixels(),
            (y * image.width() + from) * 3,
            out,
            (r * width + from - left) * 3,
            (to - from) * 3);
      }
    }
    return new RgbImage(width, height, out);
  }

  /** dlib's drectangle-to-rectangle conversion: round half up. */
  private static int round(double value) {
    return (int) Math.floor(value + 0.5);
  }

  /** dlib's {@code pyramid_down<2>} on RGB images. */
  private static final class DlibPyramid {
    private DlibPyramid() {}

    /** The next level, or null if the window is 8 pixels or less on a side (dlib: empty). */
    static RgbImage down(Window window) {
      int width = window.width();
      int height = window.height();
      if (width <= 8 || height <= 8) {
        return null;
      }
      int outWidth = (width - 3) / 2;
      int outHeight = (height - 3) / 2;
      RgbImage image = window.image();
      byte[] p = image.pixels();
      // Row filter 1 4 6 4 1 at every other column, kept as integers as dlib does (uint16).
      int[] rowsFiltered = new int[height * outWidth * 3];
      for (int r = 0; r < height; r++) {
        int base = ((window.y0() + r) * image.width() + window.x0()) * 3;
        for (int c = 0; c < outWidth; c++) {
          for (int ch = 0; ch < 3; ch++) {
            int i = base + 2 * c * 3 + ch;
            rowsFiltered[(r * outWidth + c) * 3 + ch] =
                (p[i] & 255)
                    + 4 * (p[i + 3] & 255)
                    + 6 * (p[i + 6] & 255)
                    + 4 * (p[i + 9] & 255)
                    + (p[i + 12] & 255);
          }
        }
      }
      // Column filter at rows 2, 4, ..., then divide by 256, truncating.
      byte[] out = new byte[outWidth * outHeight * 3];
      int stride = outWidth * 3;
      for (int dr = 0; dr < outHeight; dr++) {
        int centre = (2 * dr + 2) * stride;
        for (int i = 0; i < stride; i++) {
          int j = centre + i;
          int sum =
              rowsFiltered[j - 2 * stride]
                  + 4 * rowsFiltered[j - stride]
                  + 6 * rowsFiltered[j]
                  + 4 * rowsFiltered[j + stride]
                  + rowsFiltered[j + 2 * stride];
          out[dr * stride + i] = (byte) (sum >> 8);
        }
      }
      return new RgbImage(outWidth, outHeight, out);
    }
  }
}
