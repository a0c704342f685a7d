package dev.facesearch.client.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes a photo for drawing as the server sees it: ImageIO's pixels, turned by the JPEG's EXIF
 * orientation (which ImageIO ignores and the server applies, so that box coordinates match), with
 * any transparency composited over white (as the server does), in 8-bit RGB.
 *
 * <p>The orientation tag (0x0112) says how the stored pixels must be turned to be seen: 1 as
 * stored, 2 mirrored, 3 turned 180 degrees, 4 flipped, 5 transposed, 6 turned 90 degrees clockwise,
 * 7 transposed and turned 180 degrees, 8 turned 90 degrees anticlockwise. Like the server, a
 * malformed EXIF block counts as no orientation.
 */
final class UprightImage {
  private static final int ORIENTATION_TAG = 0x0112;

  private UprightImage() {}

  /** The image upright, or a one-line error (exit 4) when ImageIO cannot decode it. */
  static BufferedImage decode(byte[] data, Path file) {
    BufferedImage stored;
    try {
      stored = ImageIO.read(new ByteArrayInputStream(data));
    } catch (IOException | RuntimeException e) {
      throw new CliException(
          ExitCode.LOCAL_INPUT, "cannot decode " + file + " to draw on it: " + e.getMessage());
    }
    if (stored == null) {
      throw new CliException(
          ExitCode.LOCAL_INPUT,
          "cannot draw on "
              + file
              + ": "
              + (isWebp(data) ? "Java's ImageIO cannot decode WebP" : "ImageIO cannot decode it")
              + "; convert it to PNG or JPEG, or leave out --annotate");
    }
    return upright(stored, orientation(data));
  }

  /** The EXIF orientation of a JPEG, 1 to 8; 1 for other formats or without a valid tag. */
  static int orientation(byte[] data) {
    if (data.length < 4 || (data[0] & 0xFF) != 0xFF || (data[1] & 0xFF) != 0xD8) {
      return 1;
    }
    int at = 2;
    while (at + 4 <= data.length && (data[at] & 0xFF) == 0xFF) {
      int marker = data[at + 1] & 0xFF;
      if (marker == 0xFF) {
        at++; // fill byte before a marker
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) {
        return 1; // the scan starts: EXIF would have come before it
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
        at += 2; // markers without a length
        continue;
      }
      int length = ((data[at + 2] & 0xFF) << 8) | (data[at + 3] & 0xFF);
      if (length < 2 || at + 2 + length > data.length) {
        return 1;
      }
      if (marker == 0xE1
          && length >= 8
          && new String(data, at + 4, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
        return tiffOrientation(ByteBuffer.wrap(data, at + 10, length - 8).slice());
      }
      at += 2 + length;
    }
    return 1;
  }

  /** The orientation tag of a TIFF block's first directory. */
  private static int tiffOrientation(ByteBuffer tiff) {
    if (tiff.limit() < 8) {
      return 1;
    }
    if (tiff.get(0) == 'I' && tiff.get(1) == 'I') {
      tiff.order(ByteOrder.LITTLE_ENDIAN);
    } else if (tiff.get(0) != 'M' || tiff.get(1) != 'M') {
      return 1;
    }
    long directory = Integer.toUnsignedLong(tiff.getInt(4));
    if (Short.toUnsignedInt(tiff.getShort(2)) != 42
        || directory < 8
        || directory + 2 > tiff.limit()) {
      return 1;
    }
    int entries = Short.toUnsignedInt(tiff.getShort((int) directory));
    for (int i = 0; i < entries; i++) {
      int entry = (int) directory + 2 + 12 * i;
      if (entry + 12 > tiff.limit()) {
        return 1;
      }
      if (Short.toUnsignedInt(tiff.getShort(entry)) != ORIENTATION_TAG) {
        continue;
      }
      if (tiff.getInt(entry + 4) != 1) {
        return 1;
      }
      // SHORT is the standard type; some writers use BYTE or LONG.
      long value =
          switch (Short.toUnsignedInt(tiff.getShort(entry + 2))) {
            case 1 -> Byte.toUnsignedInt(tiff.get(entry + 8));
            case 3 -> Short.toUnsignedInt(tiff.getShort(entry + 8));
            case 4 -> Integer.toUnsignedLong(tiff.getInt(entry + 8));
            default -> 1;
          };
      return value >= 1 && value <= 8 ? (int) value : 1;
    }
    return 1;
  }

  /**
   * The stored pixels turned as the orientation says, in a new RGB image; transparent pixels are
   * composited over white.
   */
  static BufferedImage upright(BufferedImage stored, int orientation) {
    int w = stored.getWidth();
    int h = stored.getHeight();
    boolean swaps = orientation >= 5;
    int outWidth = swaps ? h : w;
    BufferedImage out = new BufferedImage(outWidth, swaps ? w : h, BufferedImage.TYPE_INT_RGB);
    int[] from = stored.getRGB(0, 0, w, h, null, 0, w);
    int[] to = new int[from.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int u;
        int v;
        switch (orientation) {
          case 2 -> {
            u = w - 1 - x;
            v = y;
          }
          case 3 -> {
            u = w - 1 - x;
            v = h - 1 - y;
          }
          case 4 -> {
            u = x;
            v = h - 1 - y;
          }
          case 5 -> {
            u = y;
            v = x;
          }
          case 6 -> {
            u = h - 1 - y;
            v = x;
          }
          case 7 -> {
            u = h - 1 - y;
            v = w - 1 - x;
          }
          case 8 -> {
            u = y;
            v = w - 1 - x;
          }
          default -> {
            u = x;
            v = y;
          }
        }
        to[v * outWidth + u] = overWhite(from[y * w + x]);
      }
    }
    out.setRGB(0, 0, outWidth, out.getHeight(), to, 0, outWidth);
    return out;
  }

  private static int overWhite(int argb) {
    int alpha = argb >>> 24;
    if (alpha == 255) {
      return argb & 0xFFFFFF;
    }
    int rgb = 0;
    for (int shift = 0; shift <= 16; shift += 8) {
      int c = (argb >> shift) & 0xFF;
      rgb |= ((c * alpha + 255 * (255 - alpha) + 127) / 255) << shift;
    }
    return rgb;
  }

  private static boolean isWebp(byte[] data) {
    return data.length >= 12
        && new String(data, 0, 4, StandardCharsets.ISO_8859_1).equals("RIFF")
        && new String(data, 8, 4, StandardCharsets.ISO_8859_1).equals("WEBP");
  }
}
