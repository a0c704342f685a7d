package dev.facesearch.models.dlib;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Writes dlib's portable serialization ({@code dlib/serialize.h}) for tests: integers as a control
 * byte (byte count, bit 7 for negative) and little-endian magnitude bytes; doubles as dlib's {@code
 * float_details}, a 53-bit mantissa and an exponent with whole zero bytes shifted out.
 */
final class DlibWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  DlibWriter integer(long value) {
    long magnitude = Math.abs(value);
    byte[] bytes = new byte[8];
    int size = 0;
    do {
      bytes[size++] = (byte) magnitude;
      magnitude >>>= 8;
    } while (magnitude != 0);
    out.write(size | (value < 0 ? 0x80 : 0));
    out.write(bytes, 0, size);
    return this;
  }

  DlibWriter real(double value) {
    long mantissa = 0;
    int exponent;
    if (value == Double.POSITIVE_INFINITY) {
      exponent = 32000;
    } else if (value == Double.NEGATIVE_INFINITY) {
      exponent = 32001;
    } else if (Double.isNaN(value)) {
      exponent = 32002;
    } else {
      // frexp: value = m * 2^e with 0.5 <= |m| < 1 (and 0 for 0).
      int e = value == 0 ? 0 : Math.getExponent(value) + 1;
      mantissa = (long) (Math.scalb(value, -e) * (1L << 53));
      exponent = e - 53;
      for (int i = 0; i < 8 && (mantissa & 0xFF) == 0; i++) {
        mantissa >>= 8;
        exponent += 8;
      }
    }
    integer(mantissa);
    integer(exponent);
    return this;
  }

  DlibWriter raw(int... bytes) {
    for (int b : bytes) {
      out.write(b);
    }
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  /**
   * A version-2 {@code object_detector<scan_fhog_pyramid<...>>} as dlib serializes it.
   *
   * @param cellSize the scanner's cell size
   * @param window the window's width and height in pixels
   * @param dims the feature dimensions written (filter width x height x 31 for a valid one)
   * @param weights the weight vectors, each dims values and a threshold
   */
  static byte[] detector(int cellSize, int window, long dims, List<double[]> weights) {
    DlibWriter w = new DlibWriter();
    w.integer(2).integer(1); // object_detector version, scanner version
    w.integer(0).integer(0); // the cached feature pyramid: max size, size
    w.integer(cellSize).integer(0).integer(window).integer(window);
    w.integer(1000).integer(64).integer(64);
    w.real(9).integer(dims);
    w.real(0.33).real(0.79);
    w.integer(weights.size());
    for (double[] v : weights) {
      w.integer(-v.length).integer(-1);
      for (double x : v) {
        w.real(x);
      }
    }
    return w.bytes();
  }
}
