package dev.facesearch.server.image;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import dev.facesearch.server.testing.EncodedImages;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.zip.Deflater;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.ShortPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** Encoded test images: synthetic Mats through OpenCV's encoders, and a few built by hand. */
final class TestImages {
  private TestImages() {}

  /** An image encoded by OpenCV; {@code extension} such as ".png", params as imencode's. */
  static byte[] encode(String extension, Mat mat, int... params) {
    try (BytePointer out = new BytePointer();
        IntPointer flags = new IntPointer(params)) {
      if (!imencode(extension, mat, out, flags)) {
        throw new IllegalStateException("OpenCV could not encode " + extension);
      }
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    }
  }

  /** An 8-bit Mat holding the given interleaved samples. */
  static Mat mat8(int width, int height, int channels, byte[] samples) {
    requireLength(width, height, channels, samples.length);
    Mat mat = new Mat(height, width, org.bytedeco.opencv.global.opencv_core.CV_8UC(channels));
    mat.data().put(samples);
    return mat;
  }

  /** A 16-bit Mat holding the given interleaved samples. */
  static Mat mat16(int width, int height, int channels, short[] samples) {
    requireLength(width, height, channels, samples.length);
    Mat mat = new Mat(height, width, org.bytedeco.opencv.global.opencv_core.CV_16UC(channels));
    try (ShortPointer data = new ShortPointer(mat.data())) {
      data.put(samples);
    }
    return mat;
  }

  /** Native memory has no bounds checks: a wrong length here would corrupt the heap. */
  private static void requireLength(int width, int height, int channels, int length) {
    if (length != width * height * channels) {
      throw new IllegalArgumentException(
          width + "x" + height + "x" + channels + " samples, got " + length);
    }
  }

  static byte[] randomBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /**
   * A PNG written by hand, for layouts OpenCV cannot encode (grey with alpha) and for forged
   * headers.
   *
   * @param rows the filtered scanlines' raw bytes without filter bytes (big-endian for 16-bit), or
   *     null for a PNG with no image data at all
   */
  static byte[] png(int width, int height, int bitDepth, int colourType, byte[] rows) {
    return png(width, height, bitDepth, colourType, null, rows);
  }

  /** A PNG written by hand, with a PLTE chunk when {@code palette} (RGB triples) is not null. */
  static byte[] png(
      int width, int height, int bitDepth, int colourType, byte[] palette, byte[] rows) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height);
    header.put((byte) bitDepth).put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0);
    EncodedImages.chunk(out, "IHDR", header.array());
    if (palette != null) {
      EncodedImages.chunk(out, "PLTE", palette);
    }
    if (rows != null) {
      int rowBytes = rows.length / height;
      ByteArrayOutputStream filtered = new ByteArrayOutputStream();
      for (int y = 0; y < height; y++) {
        filtered.write(0); // filter type None
        filtered.write(rows, y * rowBytes, rowBytes);
      }
      Deflater deflater = new Deflater();
      deflater.setInput(filtered.toByteArray());
      deflater.finish();
      ByteArrayOutputStream compressed = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      while (!deflater.finished()) {
        compressed.write(buffer, 0, deflater.deflate(buffer));
      }
      deflater.end();
      EncodedImages.chunk(out, "IDAT", compressed.toByteArray());
      EncodedImages.chunk(out, "IEND", new byte[0]);
    }
    return out.toByteArray();
  }

  /**
   * The JPEG with an EXIF APP1 segment inserted after its start marker, holding one IFD: a few
   * other tags, then the orientation as a SHORT.
   */
  static byte[] withExifOrientation(byte[] jpeg, int orientation, boolean littleEndian) {
    ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 3 * 12 + 4);
    tiff.order(littleEndian ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
    tiff.put(littleEndian ? (byte) 'I' : (byte) 'M').put(littleEndian ? (byte) 'I' : (byte) 'M');
    tiff.putShort((short) 42).putInt(8).putShort((short) 3);
    tiff.putShort((short) 0x0100).putShort((short) 4).putInt(1).putInt(4000); // ImageWidth
    tiff.putShort((short) 0x0101).putShort((short) 4).putInt(1).putInt(3000); // ImageLength
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1);
    tiff.putShort((short) orientation).putShort((short) 0);
    tiff.putInt(0); // no next IFD
    return withApp1(jpeg, tiff.array());
  }

  /** The JPEG with an APP1 segment holding {@code "Exif\0\0"} and then {@code tiff}. */
  static byte[] withApp1(byte[] jpeg, byte[] tiff) {
    int length = 2 + 6 + tiff.length;
    ByteBuffer out = ByteBuffer.allocate(jpeg.length + 2 + length);
    out.put(jpeg, 0, 2);
    out.put((byte) 0xFF).put((byte) 0xE1).putShort((short) length);
    out.put(new byte[] {'E', 'x', 'i', 'f', 0, 0}).put(tiff);
    out.put(jpeg, 2, jpeg.length - 2);
    return out.array();
  }
}
