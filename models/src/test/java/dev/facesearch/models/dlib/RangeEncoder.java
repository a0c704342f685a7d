package dev.facesearch.models.dlib;

import java.io.ByteArrayOutputStream;

/**
 * The encoding half of dlib's 32-bit range coder ({@code entropy_encoder::kernel_2a}), written for
 * the tests from dlib's encoder so that they can make streams without dlib.
 */
final class RangeEncoder {
  private static final long MASK = 0xFFFF_FFFFL;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private long low = 1;
  private long high = MASK;

  /** Narrows the interval to {@code [lowCount, highCount)} of {@code total}, shifting out bytes. */
  void encode(int lowCount, int highCount, int total) {
    long step = ((high - low + 1) & MASK) / total;
    high = (low + step * highCount - 1) & MASK;
    low = (low + step * lowCount) & MASK;
    while (true) {
      if ((high & 0xFF00_0000L) == (low & 0xFF00_0000L)) {
        out.write((int) (low >>> 24));
        high = (high << 8 | 0xFF) & MASK;
        low = (low << 8) & MASK;
        if (low == 0) {
          low = 1;
        }
      } else if (((high - low) & MASK) < 0x1_0000) {
        long half = ((high >>> 1) + (low >>> 1)) & MASK;
        if (((high - low) & MASK) > 0x1000) {
          high = (half + 0xFF) & MASK;
          low = (half - 0xFF) & MASK;
        } else {
          high = half;
          low = half;
        }
      } else {
        return;
      }
    }
  }

  /** Writes the four bytes of {@code low} that pin the code value, and returns the stream. */
  byte[] finish() {
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.write((int) (low >>> shift));
    }
    return out.toByteArray();
  }
}
