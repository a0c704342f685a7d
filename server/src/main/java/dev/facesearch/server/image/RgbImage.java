package dev.facesearch.server.image;

import java.util.Objects;

/**
 * An 8-bit RGB image in memory, row by row, three bytes per pixel (R, G, B): what decoding yields
 * and what the models' translators take.
 *
 * @param width columns
 * @param height rows
 * @param pixels {@code width * height * 3} bytes
 */
public record RgbImage(int width, int height, byte[] pixels) {
  public RgbImage {
    Objects.requireNonNull(pixels, "pixels");
    if (width <= 0 || height <= 0 || (long) width * height * 3 != pixels.length) {
      throw new IllegalArgumentException(
          "a "
              + width
              + "x"
              + height
              + " RGB image needs "
              + (long) width * height * 3
              + " bytes, got "
              + pixels.length);
    }
  }

  /** The pixel values as floats 0-255, in the same HWC order. */
  public float[] toFloats() {
    float[] values = new float[pixels.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = Byte.toUnsignedInt(pixels[i]);
    }
    return values;
  }
}
