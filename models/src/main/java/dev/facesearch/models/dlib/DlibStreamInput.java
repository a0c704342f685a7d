package dev.facesearch.models.dlib;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads the primitives of dlib's portable serialization ({@code dlib/serialize.h}, {@code
 * dlib/float_details.h}) from a stream, one value at a time, so that a 100 MB model never has to be
 * in memory at once. Errors name the byte offset of the bad value.
 *
 * <p>An integer is a control byte then that many little-endian magnitude bytes. The control byte's
 * low nibble is the count, 1 up to the type's size (zero is written {@code 01 00}); bit 7 is the
 * sign of a signed type and makes an unsigned read fail, as dlib's does; bits 4 to 6 are ignored. A
 * {@code float} or {@code double} is a {@code float_details}: a signed 64-bit mantissa and a signed
 * 16-bit exponent, both integers as above, standing for {@code ldexp((T) mantissa, exponent)};
 * exponent 32000 is infinity, 32001 minus infinity, and any larger one NaN. dlib also accepts an
 * older text form of floats (first byte with a bit in {@code 0x70}): dlib 19.24 never writes it, so
 * it is refused.
 *
 * <p>Buffers the stream itself (it reads ahead of what it has returned). Not thread-safe; it owns
 * no resource (the caller closes the stream).
 */
final class DlibStreamInput {
  private static final int INFINITY_EXPONENT = 32000;
  private static final int MINUS_INFINITY_EXPONENT = 32001;

  private final InputStream in;
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private long offset;

  DlibStreamInput(InputStream in) {
    this.in = Objects.requireNonNull(in, "in");
  }

  /** Bytes consumed so far. */
  long offset() {
    return offset;
  }

  /** A C++ {@code int} (4 bytes). */
  int readInt() throws IOException {
    return (int) readSigned(4, "int");
  }

  /** A C++ {@code long} as written on 64-bit Linux (8 bytes). */
  long readLong() throws IOException {
    return readSigned(8, "long");
  }

  /**
   * A C++ {@code unsigned long} as written on 64-bit Linux (8 bytes); values of 2^63 and above,
   * which no model of ours can hold, are refused rather than wrapped.
   */
  long readUnsignedLong() throws IOException {
    long start = offset;
    int control = readByte();
    // dlib masks off bits 4-6 but keeps the sign bit, so that a signed negative fails here.
    int size = control & 0x8F;
    if (size == 0 || size > 8) {
      throw format(start, "bad control byte 0x" + Integer.toHexString(control) + " of an unsigned");
    }
    long value = readMagnitude(size);
    if (value < 0) {
      throw format(start, "unsigned value above 2^63");
    }
    return value;
  }

  /** A {@code float}, converted from its {@code float_details} as dlib converts it. */
  float readFloat() throws IOException {
    long start = offset;
    int first = peekByte();
    if ((first & 0x70) != 0) {
      throw format(start, "a float in dlib's old text format, which this reader does not take");
    }
    long mantissa = readSigned(8, "float mantissa");
    int exponent = (int) readSigned(2, "float exponent");
    if (exponent < INFINITY_EXPONENT) {
      // Math.scalb multiplies in double and rounds once, as ldexpf does.
      return Math.scalb((float) mantissa, exponent);
    } else if (exponent == INFINITY_EXPONENT) {
      return Float.POSITIVE_INFINITY;
    } else if (exponent == MINUS_INFINITY_EXPONENT) {
      return Float.NEGATIVE_INFINITY;
    }
    return Float.NaN;
  }

  /**
   * A {@code double}, converted from its {@code float_details} as dlib converts it: {@code
   * ldexp((double) mantissa, exponent)}, exact for any mantissa dlib writes from a double.
   */
  double readDouble() throws IOException {
    long start = offset;
    int first = peekByte();
    if ((first & 0x70) != 0) {
      throw format(start, "a double in dlib's old text format, which this reader does not take");
    }
    long mantissa = readSigned(8, "double mantissa");
    int exponent = (int) readSigned(2, "double exponent");
    if (exponent < INFINITY_EXPONENT) {
      return Math.scalb((double) mantissa, exponent);
    } else if (exponent == INFINITY_EXPONENT) {
      return Double.POSITIVE_INFINITY;
    } else if (exponent == MINUS_INFINITY_EXPONENT) {
      return Double.NEGATIVE_INFINITY;
    }
    return Double.NaN;
  }

  /** Fails unless the stream has ended. */
  void expectEnd() throws IOException {
    if (fill()) {
      throw format(offset, "unexpected bytes after the end of the model");
    }
  }

  /** An error at a byte offset, for callers that check what they read. */
  IOException format(long at, String message) {
    return new IOException(message + " (at byte " + at + ")");
  }

  private long readSigned(int maxBytes, String what) throws IOException {
    long start = offset;
    int control = readByte();
    int size = control & 0x0F;
    if (size == 0 || size > maxBytes) {
      throw format(start, "bad control byte 0x" + Integer.toHexString(control) + " of a " + what);
    }
    long magnitude = readMagnitude(size);
    // As in dlib, the magnitude is taken in the type's width and then negated.
    long value = (control & 0x80) != 0 ? -magnitude : magnitude;
    return maxBytes == 8 ? value : (maxBytes == 4 ? (int) value : (short) value);
  }

  private long readMagnitude(int size) throws IOException {
    long value = 0;
    for (int i = 0; i < size; i++) {
      value |= (long) readByte() << (8 * i);
    }
    return value;
  }

  private int readByte() throws IOException {
    if (position == limit && !fill()) {
      throw new EOFException("the model ends early (at byte " + offset + ")");
    }
    offset++;
    return buffer[position++] & 0xFF;
  }

  private int peekByte() throws IOException {
    if (position == limit && !fill()) {
      throw new EOFException("the model ends early (at byte " + offset + ")");
    }
    return buffer[position] & 0xFF;
  }

  /** Refills an exhausted buffer; false at the end of the stream. */
  private boolean fill() throws IOException {
    if (position < limit) {
      return true;
    }
    int n;
    do {
      n = in.read(buffer, 0, buffer.length);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }
}
