package dev.facesearch.server.image;

/** Unsigned integer reads from a byte array, in either byte order; callers check the bounds. */
final class Bytes {
  private Bytes() {}

  static int u8(byte[] data, int at) {
    return data[at] & 0xFF;
  }

  static int u16be(byte[] data, int at) {
    return u8(data, at) << 8 | u8(data, at + 1);
  }

  static int u16le(byte[] data, int at) {
    return u8(data, at) | u8(data, at + 1) << 8;
  }

  static int u24le(byte[] data, int at) {
    return u16le(data, at) | u8(data, at + 2) << 16;
  }

  static long u32be(byte[] data, int at) {
    return (long) u16be(data, at) << 16 | u16be(data, at + 2);
  }

  static long u32le(byte[] data, int at) {
    return u16le(data, at) | (long) u16le(data, at + 2) << 16;
  }

  /** Whether {@code data} holds {@code expected} (as ASCII or 0-255 values) from {@code at}. */
  static boolean matches(byte[] data, int at, int... expected) {
    if (at < 0 || data.length - at < expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (u8(data, at + i) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  static boolean matches(byte[] data, int at, String ascii) {
    return matches(data, at, ascii.chars().toArray());
  }
}
