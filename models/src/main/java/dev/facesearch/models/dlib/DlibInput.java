package dev.facesearch.models.dlib;

/**
 * Reads the primitives of dlib's portable serialization ({@code dlib/serialize.h}) from a byte
 * array, failing with the offset of the bad value.
 *
 * <p>An integer is a control byte then that many little-endian magnitude bytes: the low nibble is
 * the count (1 to the type's size; zero is one byte {@code 00}), bit 7 the sign of a signed type.
 * Unsigned types ignore bits 4 to 6. A floating point value is a {@code float_details}: a signed
 * 64-bit mantissa then a signed 16-bit exponent, both integers as above, worth {@code mantissa *
 * 2^exponent}; exponents 32000, 32001 and 32002 stand for infinity, minus infinity and NaN. dlib
 * also reads an older text form of floats, whose first byte has a bit in {@code 0x70}: no detector
 * dlib 19.24 writes uses it, so it is refused here.
 */
final class DlibInput {
  private static final int INF = 32000;
  private static final int NEG_INF = 32001;
  private static final int NAN = 32002;

  private final byte[] data;
  private int position;

  DlibInput(byte[] data) {
    this.data = data;
  }

  int position() {
    return position;
  }

  boolean atEnd() {
    return position == data.length;
  }

  /** A C++ {@code int} (4 bytes). */
  int readInt(String what) {
    return (int) readSigned(4, what);
  }

  /** A C++ {@code long} as written on 64-bit Linux (8 bytes). */
  long readLong(String what) {
    return readSigned(8, what);
  }

  /** A C++ {@code unsigned long} or {@code size_t} on 64-bit Linux; refused above 2^63 - 1. */
  long readUnsignedLong(String what) {
    int start = position;
    int size = control(what) & 0x8F;
    if (size == 0 || size > 8) {
      throw error(start, what, "an unsigned integer cannot have " + size + " bytes");
    }
    long value = magnitude(size, start, what);
    if (value < 0) {
      throw error(start, what, "value above 2^63 - 1");
    }
    return value;
  }

  /** A {@code float} or {@code double}, as the double it stands for. */
  double readDouble(String what) {
    int start = position;
    if (position >= data.length) {
      throw error(start, what, "unexpected end of data");
    }
    if ((data[position] & 0x70) != 0) {
      throw error(start, what, "a floating point number in dlib's old text form");
    }
    long mantissa = readSigned(8, what + " (mantissa)");
    int exponent = (int) readSigned(2, what + " (exponent)");
    return switch (exponent) {
      case INF -> Double.POSITIVE_INFINITY;
      case NEG_INF -> Double.NEGATIVE_INFINITY;
      case NAN -> Double.NaN;
      // The same as C's ldexp: the mantissa has at most 53 significant bits, so it is exact.
      default -> Math.scalb((double) mantissa, exponent);
    };
  }

  private long readSigned(int typeSize, String what) {
    int start = position;
    int control = control(what);
    int size = control & 0x0F;
    if (size == 0 || size > typeSize) {
      throw error(start, what, "a " + typeSize + "-byte integer cannot have " + size + " bytes");
    }
    long value = magnitude(size, start, what);
    if (size == 8 && value < 0) {
      throw error(start, what, "magnitude above 2^63 - 1");
    }
    boolean negative = (control & 0x80) != 0;
    long signed = negative ? -value : value;
    if (typeSize < 8
        && (signed < -(1L << (8 * typeSize - 1)) || signed >= 1L << (8 * typeSize - 1))) {
      throw error(start, what, signed + " does not fit in " + typeSize + " bytes");
    }
    return signed;
  }

  private int control(String what) {
    if (position >= data.length) {
      throw error(position, what, "unexpected end of data");
    }
    return data[position++] & 0xFF;
  }

  private long magnitude(int size, int start, String what) {
    if (data.length - position < size) {
      throw error(start, what, "unexpected end of data");
    }
    long value = 0;
    for (int i = size - 1; i >= 0; i--) {
      value = (value << 8) | (data[position + i] & 0xFF);
    }
    position += size;
    return value;
  }

  IllegalArgumentException error(int offset, String what, String problem) {
    return new IllegalArgumentException(
        "dlib detector: " + what + " at byte " + offset + ": " + problem);
  }
}
