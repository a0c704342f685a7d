package dev.facesearch.server.detect.hog;

/**
 * An 8-bit image row by row, either grey (1 channel) or interleaved RGB (3): dlib's {@code
 * array2d<unsigned char>} and {@code array2d<rgb_pixel>}, which it treats differently in resizing
 * and in the gradient.
 *
 * @param width columns
 * @param height rows
 * @param channels 1 or 3
 * @param pixels {@code width * height * channels} bytes
 */
record ByteImage(int width, int height, int channels, byte[] pixels) {
  ByteImage {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    if (width < 0 || height < 0 || (long) width * height * channels != pixels.length) {
      throw new IllegalArgumentException(
          "a " + width + "x" + height + "x" + channels + " image cannot have " + pixels.length);
    }
  }

  boolean isEmpty() {
    return width == 0 || height == 0;
  }

  /** The value of a channel at (row, column), 0 to 255. */
  int at(int row, int column, int channel) {
    return pixels[(row * width + column) * channels + channel] & 0xFF;
  }
}
