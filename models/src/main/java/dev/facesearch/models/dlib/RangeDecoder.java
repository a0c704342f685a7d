package dev.facesearch.models.dlib;

import java.io.IOException;

/**
 * The decoding half of dlib's 32-bit range coder ({@code entropy_decoder::kernel_2a}), reading a
 * byte array.
 *
 * <p>{@code low} and {@code high} are 32-bit fixed-point fractions of the current interval, {@code
 * high} one less than its true upper end; {@code target} is the 32-bit window of the code value.
 * They are kept in longs masked to 32 bits, so that every operation wraps exactly as dlib's {@code
 * uint32} arithmetic does. A symbol is read in two steps, {@link #target} then {@link #consume},
 * because the model must see where the code value falls before it knows the symbol's counts.
 */
final class RangeDecoder {
  private static final long MASK = 0xFFFF_FFFFL;
  private static final long TOP_BYTE = 0xFF00_0000L;

  private final byte[] in;
  private int position;
  private long low = 1; // never zero, so that high - low + 1 cannot overflow
  private long high = MASK;
  private long target;
  private long step; // (high - low + 1) / total of the pending target() call, 0 when none

  /** Starts decoding {@code in}, whose first four bytes are the initial code window. */
  RangeDecoder(byte[] in) throws IOException {
    this.in = in;
    for (int i = 0; i < 4; i++) {
      target = target << 8 | nextByte();
    }
  }

  /**
   * Where the code value falls in a distribution of {@code total} counts: a count in {@code [0,
   * total)}. Must be followed by {@link #consume} with the counts of the symbol it selects.
   */
  int target(int total) {
    assert total > 0 && total <= 0xFFFF : total;
    step = ((high - low + 1) & MASK) / total;
    // The interval always spans at least 2^16 after renormalisation and totals stay below 2^16.
    assert step > 0;
    long count = ((target - low) & MASK) / step;
    // A corrupt stream can put the code value outside the interval; dlib clamps it, as here.
    return (int) Math.min(count, total - 1);
  }

  /**
   * Narrows the interval to the symbol counted by {@code [lowCount, highCount)} and renormalises.
   */
  void consume(int lowCount, int highCount) throws IOException {
    assert step != 0 : "consume() without target()";
    assert 0 <= lowCount && lowCount < highCount : lowCount + ", " + highCount;
    high = (low + step * highCount - 1) & MASK;
    low = (low + step * lowCount) & MASK;
    step = 0;
    while (true) {
      if (((high ^ low) & TOP_BYTE) == 0) {
        // The top byte is settled: shift it out and a new code byte in.
        target = (target << 8 | nextByte()) & MASK;
        high = (high << 8 | 0xFF) & MASK;
        low = (low << 8) & MASK;
        if (low == 0) {
          low = 1;
        }
      } else if (((high - low) & MASK) < 0x1_0000) {
        // The interval straddles a byte boundary but has become narrow: dlib collapses it onto its
        // midpoint (keeping a little width when it can) so that the next pass shifts a byte out.
        boolean wide = ((high - low) & MASK) > 0x1000;
        long mid = ((high >>> 1) + (low >>> 1)) & MASK;
        high = wide ? (mid + 0xFF) & MASK : mid;
        low = wide ? (mid - 0xFF) & MASK : mid;
      } else {
        return;
      }
    }
  }

  /** How many bytes of the input have not been read. */
  int remaining() {
    return in.length - position;
  }

  private int nextByte() throws IOException {
    // dlib's encoder writes exactly the bytes its decoder reads, so running out means truncation.
    if (position == in.length) {
      throw new IOException("truncated dlib stream: it ends after " + in.length + " bytes");
    }
    return in[position++] & 0xFF;
  }
}
