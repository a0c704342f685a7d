package dev.facesearch.server.image;

import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_core.transpose;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The EXIF orientation tag (0x0112): reading it from a TIFF block, and turning an image as stored
 * into the image as meant to be seen (with OpenCV's flips and rotations, which are vectorised).
 *
 * <p>Values 1-8 say where the stored image's first row and first column belong: 1 top and left (as
 * stored), 2 top and right (mirrored), 3 bottom and right (turned 180 degrees), 4 bottom and left
 * (flipped), 5 left and top (transposed), 6 right and top (turned 90 degrees clockwise to view), 7
 * right and bottom (transverse), 8 left and bottom (turned 90 degrees anticlockwise to view).
 */
final class ExifOrientation {
  static final int UPRIGHT = 1;
  private static final int TAG = 0x0112;
  private static final int TYPE_BYTE = 1;
  private static final int TYPE_SHORT = 3;
  private static final int TYPE_LONG = 4;

  private ExifOrientation() {}

  /**
   * The orientation in a TIFF block (an EXIF APP1 segment after its {@code "Exif\0\0"}), or {@link
   * #UPRIGHT} when the block is malformed or the tag absent or out of range: a broken EXIF block
   * costs the orientation, not the image, as in browsers.
   */
  static int read(byte[] data, int start, int length) {
    int end = start + length;
    if (length < 8 || end > data.length) {
      return UPRIGHT;
    }
    boolean little;
    if (Bytes.matches(data, start, 'I', 'I', 42, 0)) {
      little = true;
    } else if (Bytes.matches(data, start, 'M', 'M', 0, 42)) {
      little = false;
    } else {
      return UPRIGHT;
    }
    long ifd = u32(data, start + 4, little);
    if (ifd < 8 || ifd > length - 2) {
      return UPRIGHT;
    }
    int entries = start + (int) ifd + 2;
    int count = Math.min(u16(data, entries - 2, little), (end - entries) / 12);
    for (int i = 0; i < count; i++) {
      int entry = entries + 12 * i;
      if (u16(data, entry, little) != TAG || u32(data, entry + 4, little) != 1) {
        continue;
      }
      // The value sits in the entry itself; SHORT is the standard type, some writers use others.
      long value =
          switch (u16(data, entry + 2, little)) {
            case TYPE_SHORT -> u16(data, entry + 8, little);
            case TYPE_LONG -> u32(data, entry + 8, little);
            case TYPE_BYTE -> Bytes.u8(data, entry + 8);
            default -> UPRIGHT;
          };
      return value >= 1 && value <= 8 ? (int) value : UPRIGHT;
    }
    return UPRIGHT;
  }

  private static int u16(byte[] data, int at, boolean little) {
    return little ? Bytes.u16le(data, at) : Bytes.u16be(data, at);
  }

  private static long u32(byte[] data, int at, boolean little) {
    return little ? Bytes.u32le(data, at) : Bytes.u32be(data, at);
  }

  /**
   * The image as meant to be seen: a new Mat, which the caller closes.
   *
   * @param orientation 2-8 (1 needs no turning)
   */
  static Mat upright(Mat stored, int orientation) {
    Mat out = new Mat();
    switch (orientation) {
      case 2 -> flip(stored, out, 1);
      case 3 -> rotate(stored, out, ROTATE_180);
      case 4 -> flip(stored, out, 0);
      case 5 -> transpose(stored, out);
      case 6 -> rotate(stored, out, ROTATE_90_CLOCKWISE);
      case 7 -> {
        try (Mat transposed = new Mat()) {
          transpose(stored, transposed);
          rotate(transposed, out, ROTATE_180);
        }
      }
      case 8 -> rotate(stored, out, ROTATE_90_COUNTERCLOCKWISE);
      default -> {
        out.close();
        throw new IllegalArgumentException("EXIF orientation to turn is 2-8, got " + orientation);
      }
    }
    return out;
  }
}
