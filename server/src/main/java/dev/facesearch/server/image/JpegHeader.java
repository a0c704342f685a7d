package dev.facesearch.server.image;

import dev.facesearch.server.core.InvalidInputException;

/**
 * Walks a JPEG's marker segments: to its frame header (SOFn) for the size and the EXIF orientation
 * on the way, and to its end-of-image marker to prove the file complete.
 *
 * <p>The end-of-image check matters because libjpeg, given a truncated file, warns and fills the
 * missing rows with grey rather than failing; we would rather refuse than look for faces in half a
 * photo.
 */
final class JpegHeader {
  private static final int SOI = 0xD8;
  private static final int EOI = 0xD9;
  private static final int SOS = 0xDA;
  private static final int APP1 = 0xE1;
  private static final int TEM = 0x01;

  private JpegHeader() {}

  /** Size, precision and orientation, from the segments before the first scan. */
  static ImageHeader read(byte[] data) {
    int orientation = 0;
    int at = 2;
    while (true) {
      int marker = markerAt(data, at, "JPEG ends before its frame header");
      int code = Bytes.u8(data, marker);
      if (standalone(code)) {
        if (code == EOI) {
          throw ImageHeader.corrupt("JPEG has no frame header");
        }
        at = marker + 1;
        continue;
      }
      int end = segmentEnd(data, marker, "JPEG ends before its frame header");
      int body = marker + 3;
      if (code == APP1 && orientation == 0 && Bytes.matches(data, body, 'E', 'x', 'i', 'f', 0, 0)) {
        orientation = ExifOrientation.read(data, body + 6, end - body - 6);
      }
      if (isFrameHeader(code)) {
        if (end - body < 6) {
          throw ImageHeader.corrupt("JPEG frame header is too short");
        }
        int precision = Bytes.u8(data, body);
        if (precision != 8) {
          throw new InvalidInputException(
              "image is a " + precision + "-bit JPEG; only 8-bit JPEG is supported");
        }
        return ImageHeader.sized(
            ImageFormat.JPEG,
            Bytes.u16be(data, body + 3),
            Bytes.u16be(data, body + 1),
            orientation == 0 ? ExifOrientation.UPRIGHT : orientation);
      }
      if (code == SOS) {
        throw ImageHeader.corrupt("JPEG has a scan before its frame header");
      }
      at = end;
    }
  }

  /** Throws unless the segments and scans run on to an end-of-image marker. */
  static void requireComplete(byte[] data) {
    String missing = "JPEG ends before its end-of-image marker";
    int at = 2;
    while (true) {
      int marker = markerAt(data, at, missing);
      int code = Bytes.u8(data, marker);
      if (code == EOI) {
        return;
      }
      if (standalone(code)) {
        at = marker + 1;
        continue;
      }
      at = segmentEnd(data, marker, missing);
      if (code == SOS) {
        at = scanEnd(data, at);
      }
    }
  }

  /**
   * Where entropy-coded data after a scan header ends: at the first 0xFF that is not a stuffed zero
   * ({@code FF 00}), a restart marker ({@code FF D0-D7}) or fill before a marker.
   */
  private static int scanEnd(byte[] data, int from) {
    for (int i = from; i + 1 < data.length; i++) {
      if (data[i] == (byte) 0xFF) {
        int next = Bytes.u8(data, i + 1);
        if (next == 0 || (next >= 0xD0 && next <= 0xD7)) {
          i++;
        } else if (next != 0xFF) {
          return i;
        }
      }
    }
    return data.length;
  }

  /** The index of the marker code of the marker starting at {@code at}, past any fill bytes. */
  private static int markerAt(byte[] data, int at, String ifMissing) {
    if (at >= data.length) {
      throw ImageHeader.truncated(ifMissing);
    }
    if (Bytes.u8(data, at) != 0xFF) {
      throw ImageHeader.corrupt("JPEG has no marker at byte " + at);
    }
    while (at < data.length && Bytes.u8(data, at) == 0xFF) {
      at++;
    }
    if (at >= data.length) {
      throw ImageHeader.truncated(ifMissing);
    }
    return at;
  }

  /** The index after the segment whose marker code is at {@code marker}. */
  private static int segmentEnd(byte[] data, int marker, String ifMissing) {
    if (marker + 2 >= data.length) {
      throw ImageHeader.truncated(ifMissing);
    }
    int length = Bytes.u16be(data, marker + 1);
    if (length < 2) {
      throw ImageHeader.corrupt("JPEG segment length " + length + " at byte " + marker);
    }
    int end = marker + 1 + length;
    if (end > data.length) {
      throw ImageHeader.truncated(ifMissing);
    }
    return end;
  }

  /** Markers without a length: start and end of image, restarts, and TEM. */
  private static boolean standalone(int code) {
    return code == SOI || code == EOI || code == TEM || (code >= 0xD0 && code <= 0xD7);
  }

  /** SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
  private static boolean isFrameHeader(int code) {
    return code >= 0xC0 && code <= 0xCF && code != 0xC4 && code != 0xC8 && code != 0xCC;
  }
}
