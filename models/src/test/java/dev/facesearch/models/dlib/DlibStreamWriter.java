package dev.facesearch.models.dlib;

import java.io.ByteArrayOutputStream;

/**
 * Writes values in dlib's portable serialization, as {@code dlib/serialize.h} does, so that tests
 * can build model streams without dlib.
 */
final class DlibStreamWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  byte[] toByteArray() {
    return out.toByteArray();
  }

  /** Any integer: a control byte (sign bit, byte count) and the magnitude's bytes, low first. */
  DlibStreamWriter integer(long value) {
    long magnitude = Math.abs(value);
    int size = 0;
    byte[] bytes = new byte[8];
    do {
      bytes[size++] = (byte) magnitude;
      magnitude >>>= 8;
    } while (magnitude != 0);
    out.write(size | (value < 0 ? 0x80 : 0));
    out.write(bytes, 0, size);
    return this;
  }

  /**
   * A float as dlib's {@code float_details}: frexp's fraction scaled to 24 bits, low zero bytes
   * shifted off.
   */
  DlibStreamWriter floating(float value) {
    if (Float.isNaN(value)) {
      return integer(0).integer(32002);
    } else if (value == Float.POSITIVE_INFINITY) {
      return integer(0).integer(32000);
    } else if (value == Float.NEGATIVE_INFINITY) {
      return integer(0).integer(32001);
    }
    long mantissa = 0;
    int exponent = 0;
    if (value != 0) {
      double d = value;
      // frexp: d = fraction * 2^exp with 0.5 <= |fraction| < 1 (a float is normal as a double).
      exponent = Math.getExponent(d) + 1;
      mantissa = (long) (Math.scalb(d, -exponent) * (1 << 24));
    }
    exponent -= 24;
    for (int i = 0; i < 8 && (mantissa & 0xFF) == 0; i++) {
      mantissa >>= 8;
      exponent += 8;
    }
    return integer(mantissa).integer(exponent);
  }

  /**
   * A double as dlib's {@code float_details}: frexp's fraction scaled to 53 bits, low zero bytes
   * shifted off.
   */
  DlibStreamWriter real(double value) {
    if (Double.isNaN(value)) {
      return integer(0).integer(32002);
    } else if (value == Double.POSITIVE_INFINITY) {
      return integer(0).integer(32000);
    } else if (value == Double.NEGATIVE_INFINITY) {
      return integer(0).integer(32001);
    }
    long mantissa = 0;
    int exponent = 0;
    if (value != 0) {
      exponent = Math.getExponent(value) + 1;
      mantissa = (long) (Math.scalb(value, -exponent) * (1L << 53));
    }
    exponent -= 53;
    for (int i = 0; i < 8 && (mantissa & 0xFF) == 0; i++) {
      mantissa >>= 8;
      exponent += 8;
    }
    return integer(mantissa).integer(exponent);
  }

  /** A raw byte, for malformed streams. */
  DlibStreamWriter raw(int b) {
    out.write(b);
    return this;
  }

  /** A float column matrix, with its dimensions negated as dlib 19.x writes them, or not. */
  DlibStreamWriter column(float[] values, boolean negatedDimensions) {
    int sign = negatedDimensions ? -1 : 1;
    integer(sign * (long) values.length).integer(sign);
    for (float v : values) {
      floating(v);
    }
    return this;
  }
}
