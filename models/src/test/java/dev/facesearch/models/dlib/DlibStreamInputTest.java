package dev.facesearch.models.dlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DlibStreamInputTest {
  private static DlibStreamInput input(DlibStreamWriter writer) {
    return new DlibStreamInput(new ByteArrayInputStream(writer.toByteArray()));
  }

  private static DlibStreamInput input(int... bytes) {
    DlibStreamWriter writer = new DlibStreamWriter();
    for (int b : bytes) {
      writer.raw(b);
    }
    return input(writer);
  }

  @Test
  void readLong_roundTripsSignedValues() throws IOException {
    long[] values = {0, 1, -1, 255, 256, -65536, Long.MAX_VALUE, -Long.MAX_VALUE, 1234567890123L};
    DlibStreamWriter writer = new DlibStreamWriter();
    for (long v : values) {
      writer.integer(v);
    }
    DlibStreamInput in = input(writer);
    for (long v : values) {
      assertEquals(v, in.readLong());
    }
    in.expectEnd();
  }

  @Test
  void readInt_knownBytes() throws IOException {
    // dlib writes int 1 as 01 01 and -136 as 81 88, as at the start of the 68-point model.
    DlibStreamInput in = input(0x01, 0x01, 0x81, 0x88, 0x01, 0x00);
    assertEquals(1, in.readInt());
    assertEquals(-136, in.readInt());
    assertEquals(0, in.readInt());
    assertEquals(6, in.offset());
  }

  @Test
  void readUnsignedLong_signBitOrBadSize_fails() {
    assertTrue(
        assertThrows(IOException.class, () -> input(0x81, 0x05).readUnsignedLong())
            .getMessage()
            .contains("bad control byte 0x81"));
    assertThrows(IOException.class, () -> input(0x00).readUnsignedLong());
    assertThrows(
        IOException.class, () -> input(0x09, 1, 2, 3, 4, 5, 6, 7, 8, 9).readUnsignedLong());
  }

  @Test
  void readUnsignedLong_reservedBits_ignored() throws IOException {
    assertEquals(5, input(0x71, 0x05).readUnsignedLong());
  }

  @Test
  void readInt_tooManyBytes_fails() {
    assertThrows(IOException.class, () -> input(0x05, 1, 2, 3, 4, 5).readInt());
  }

  @Test
  void readFloat_roundTripsEveryKindOfFloat() throws IOException {
    SplittableRandom random = new SplittableRandom(11);
    float[] values = new float[2000];
    for (int i = 0; i < values.length; i++) {
      // Random bit patterns cover subnormals, both signs and every exponent.
      do {
        values[i] = Float.intBitsToFloat(random.nextInt());
      } while (!Float.isFinite(values[i]) || Float.floatToRawIntBits(values[i]) == 0x80000000);
    }
    values[0] = 0f;
    values[1] = Float.MIN_VALUE;
    values[2] = Float.MAX_VALUE;
    DlibStreamWriter writer = new DlibStreamWriter();
    for (float v : values) {
      writer.floating(v);
    }
    DlibStreamInput in = input(writer);
    for (float v : values) {
      assertEquals(Float.floatToRawIntBits(v), Float.floatToRawIntBits(in.readFloat()), "" + v);
    }
  }

  @Test
  void readFloat_specialExponents() throws IOException {
    DlibStreamWriter writer = new DlibStreamWriter();
    writer.floating(Float.POSITIVE_INFINITY).floating(Float.NEGATIVE_INFINITY).floating(Float.NaN);
    writer.integer(0).integer(32700); // any exponent past 32001 stands for NaN too
    DlibStreamInput in = input(writer);
    assertEquals(Float.POSITIVE_INFINITY, in.readFloat());
    assertEquals(Float.NEGATIVE_INFINITY, in.readFloat());
    assertTrue(Float.isNaN(in.readFloat()));
    assertTrue(Float.isNaN(in.readFloat()));
  }

  @Test
  void readFloat_wideMantissa_roundsToNearestFloat() throws IOException {
    // A double written by dlib has a 53-bit mantissa; reading it as float rounds once.
    long mantissa = (1L << 52) + 1 + (1L << 28);
    DlibStreamInput in = input(new DlibStreamWriter().integer(mantissa).integer(-52));
    assertEquals((float) (mantissa * 0x1p-52), in.readFloat());
  }

  @Test
  void readFloat_oldTextFormat_refused() {
    DlibStreamInput in = input('1', '.', '5', ' ');
    assertTrue(
        assertThrows(IOException.class, in::readFloat).getMessage().contains("old text format"));
  }

  @Test
  void readDouble_roundTripsWhatDlibWrites() throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    double[] values = new double[200];
    DlibStreamWriter writer = new DlibStreamWriter();
    for (int i = 0; i < values.length; i++) {
      values[i] =
          i < 5
              ? new double[] {0, 1, -0.5, 3100, Double.MIN_VALUE}[i]
              : (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(12) - 6);
      writer.real(values[i]);
    }
    writer.real(Double.POSITIVE_INFINITY).real(Double.NEGATIVE_INFINITY).real(Double.NaN);
    DlibStreamInput in = input(writer);
    for (double v : values) {
      assertEquals(v, in.readDouble());
    }
    assertEquals(Double.POSITIVE_INFINITY, in.readDouble());
    assertEquals(Double.NEGATIVE_INFINITY, in.readDouble());
    assertTrue(Double.isNaN(in.readDouble()));
    in.expectEnd();
  }

  @Test
  void readDouble_theFrontalDetectorsNuclearNorm() throws IOException {
    // 01 12 81 01: mantissa 18, exponent -1, as the HOG detector stores its 9.
    assertEquals(9.0, input(0x01, 0x12, 0x81, 0x01).readDouble());
  }
}
