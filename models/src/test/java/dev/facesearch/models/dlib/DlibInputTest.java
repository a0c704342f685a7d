package dev.facesearch.models.dlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** dlib's integer and float encodings, read back. */
class DlibInputTest {
  @Test
  void readInt_knownEncodings() {
    // As dlib writes them: 0 is 01 00, 2 is 01 02, 1000 is 02 e8 03, -1 is 81 01.
    DlibInput in = new DlibInput(new byte[] {1, 0, 1, 2, 2, (byte) 0xe8, 3, (byte) 0x81, 1});
    assertEquals(0, in.readInt("a"));
    assertEquals(2, in.readInt("b"));
    assertEquals(1000, in.readInt("c"));
    assertEquals(-1, in.readInt("d"));
    assertTrue(in.atEnd());
  }

  @Test
  void readDouble_roundTripsWhatDlibWrites() {
    Random random = new Random(7);
    DlibWriter w = new DlibWriter();
    double[] values = new double[200];
    for (int i = 0; i < values.length; i++) {
      values[i] =
          i < 4
              ? new double[] {0, 1, -0.5, 3100}[i]
              : random.nextGaussian() * Math.pow(10, random.nextInt(12) - 6);
      w.real(values[i]);
    }
    w.real(Double.POSITIVE_INFINITY).real(Double.NEGATIVE_INFINITY).real(Double.NaN);
    DlibInput in = new DlibInput(w.bytes());
    for (double v : values) {
      assertEquals(v, in.readDouble("v"));
    }
    assertEquals(Double.POSITIVE_INFINITY, in.readDouble("inf"));
    assertEquals(Double.NEGATIVE_INFINITY, in.readDouble("-inf"));
    assertTrue(Double.isNaN(in.readDouble("nan")));
    assertTrue(in.atEnd());
  }

  @Test
  void readDouble_theNuclearNormOfTheFrontalFaceDetector() {
    // 01 12 81 01: mantissa 18, exponent -1.
    assertEquals(9.0, new DlibInput(new byte[] {1, 0x12, (byte) 0x81, 1}).readDouble("x"));
  }

  @Test
  void readInt_truncatedOrOversized_failsWithTheOffset() {
    IllegalArgumentException truncated =
        assertThrows(
            IllegalArgumentException.class, () -> new DlibInput(new byte[] {2, 1}).readLong("x"));
    assertEquals("dlib detector: x at byte 0: unexpected end of data", truncated.getMessage());
    DlibInput in = new DlibInput(new byte[] {1, 2, 5, 1, 2, 3, 4, 5});
    in.readInt("first");
    IllegalArgumentException big =
        assertThrows(IllegalArgumentException.class, () -> in.readInt("second"));
    assertTrue(big.getMessage().contains("second at byte 2"), big.getMessage());
  }

  @Test
  void readDouble_oldTextForm_isRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new DlibInput("3.5 ".getBytes()).readDouble("w"));
    assertTrue(e.getMessage().contains("old text form"), e.getMessage());
  }
}
