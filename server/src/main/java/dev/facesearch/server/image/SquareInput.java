package dev.facesearch.server.image;

/**
 * Makes a network input from an image the way face-api does for tensors: pad the image to a square
 * with zeros (at the end, or centred), then resize the square to the network's size with
 * TensorFlow's legacy bilinear sampling (no corner alignment, no half-pixel centres).
 *
 * <p>Matching face-api here is what makes our detections and landmarks match its own. The
 * arithmetic follows TF.js's CPU kernel: source position {@code r * side / size}, neighbours at its
 * floor and ceiling, interpolation in double precision, stored as float.
 */
public final class SquareInput {
  private SquareInput() {}

  /**
   * The net input, HWC floats 0-255, {@code size x size x 3}.
   *
   * @param centred pad both sides (the odd pixel at the end), as face-api does for landmark and
   *     recognition nets; otherwise pad only the bottom or right, as for its detectors
   */
  public static float[] of(RgbImage image, int size, boolean centred) {
    int width = image.width();
    int height = image.height();
    int side = Math.max(width, height);
    int difference = Math.abs(height - width);
    // face-api: the appended padding is round(diff * 0.5) when centred; the rest goes before.
    int before = centred ? difference - (int) Math.floor(difference * 0.5 + 0.5) : 0;
    int offsetX = height > width ? before : 0;
    int offsetY = height > width ? 0 : before;
    byte[] pixels = image.pixels();
    float[] out = new float[size * size * 3];
    if (side == size) {
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int from = (y * width + x) * 3;
          int to = ((y + offsetY) * size + x + offsetX) * 3;
          for (int c = 0; c < 3; c++) {
            out[to + c] = Byte.toUnsignedInt(pixels[from + c]);
          }
        }
      }
      return out;
    }
    double ratio = side / (double) size;
    for (int r = 0; r < size; r++) {
      double sourceY = ratio * r;
      int y0 = (int) Math.floor(sourceY);
      int y1 = Math.min(side - 1, (int) Math.ceil(sourceY));
      double yFraction = sourceY - y0;
      for (int col = 0; col < size; col++) {
        double sourceX = ratio * col;
        int x0 = (int) Math.floor(sourceX);
        int x1 = Math.min(side - 1, (int) Math.ceil(sourceX));
        double xFraction = sourceX - x0;
        for (int c = 0; c < 3; c++) {
          double topLeft = padded(image, y0 - offsetY, x0 - offsetX, c);
          double topRight = padded(image, y0 - offsetY, x1 - offsetX, c);
          double bottomLeft = padded(image, y1 - offsetY, x0 - offsetX, c);
          double bottomRight = padded(image, y1 - offsetY, x1 - offsetX, c);
          double top = topLeft + (topRight - topLeft) * xFraction;
          double bottom = bottomLeft + (bottomRight - bottomLeft) * xFraction;
          out[(r * size + col) * 3 + c] = (float) (top + (bottom - top) * yFraction);
        }
      }
    }
    return out;
  }

  /** A pixel value of the image, or 0 in the padding. */
  private static int padded(RgbImage image, int y, int x, int channel) {
    if (y < 0 || x < 0 || y >= image.height() || x >= image.width()) {
      return 0;
    }
    return Byte.toUnsignedInt(image.pixels()[(y * image.width() + x) * 3 + channel]);
  }

  /**
   * The size the image takes inside the square once scaled to the net's size, as face-api computes
   * it ({@code computeReshapedDimensions}): needed to map boxes back to the image.
   *
   * @return {width, height}
   */
  public static int[] scaledSize(RgbImage image, int size) {
    double scale = size / (double) Math.max(image.width(), image.height());
    return new int[] {
      (int) Math.floor(image.width() * scale + 0.5), (int) Math.floor(image.height() * scale + 0.5)
    };
  }
}
