package dev.facesearch.server.detect.hog;

import dev.facesearch.server.image.RgbImage;

/**
 * A square region of an image resampled bilinearly, with the image's edge pixels repeated beyond
 * it.
 */
final class BilinearCrop {
  private BilinearCrop() {}

  /**
   * The square of {@code size} pixels whose pixel (0, 0) has its corner at image point (left, top),
   * at {@code scale} crop pixels per image pixel.
   */
  static RgbImage of(RgbImage image, double left, double top, double scale, int size) {
    return of(image, left, top, scale, size, size);
  }

  /** The whole image at {@code scale} pixels per image pixel. */
  static RgbImage scaled(RgbImage image, double scale) {
    return of(
        image,
        0,
        0,
        scale,
        Math.max(1, (int) Math.round(image.width() * scale)),
        Math.max(1, (int) Math.round(image.height() * scale)));
  }

  private static RgbImage of(
      RgbImage image, double left, double top, double scale, int outWidth, int outHeight) {
    byte[] in = image.pixels();
    int width = image.width();
    int height = image.height();
    byte[] out = new byte[outWidth * outHeight * 3];
    int o = 0;
    for (int y = 0; y < outHeight; y++) {
      double sy = top + (y + 0.5) / scale - 0.5;
      int y0 = (int) Math.floor(sy);
      double fy = sy - y0;
      int r0 = clamp(y0, height) * width;
      int r1 = clamp(y0 + 1, height) * width;
      for (int x = 0; x < outWidth; x++) {
        double sx = left + (x + 0.5) / scale - 0.5;
        int x0 = (int) Math.floor(sx);
        double fx = sx - x0;
        int c0 = clamp(x0, width);
        int c1 = clamp(x0 + 1, width);
        for (int c = 0; c < 3; c++) {
          double top0 =
              (1 - fx) * Byte.toUnsignedInt(in[(r0 + c0) * 3 + c])
                  + fx * Byte.toUnsignedInt(in[(r0 + c1) * 3 + c]);
          double bottom0 =
              (1 - fx) * Byte.toUnsignedInt(in[(r1 + c0) * 3 + c])
                  + fx * Byte.toUnsignedInt(in[(r1 + c1) * 3 + c]);
          out[o++] = (byte) Math.round((1 - fy) * top0 + fy * bottom0);
        }
      }
    }
    return new RgbImage(outWidth, outHeight, out);
  }

  private static int clamp(int i, int size) {
    return i < 0 ? 0 : i >= size ? size - 1 : i;
  }
}
