package dev.facesearch.models.dlib;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Decompresses data written by dlib's {@code compress_stream::kernel_1ea}, the format of the models
 * dlib embeds in its headers.
 *
 * <p>The stream is one range-coded sequence of symbols from an order-4 PPM model ({@link
 * PpmModel}): the data bytes, an end-of-stream symbol, then the four bytes of the CRC-32 of the
 * data, most significant first. Before every 20,000th symbol (counting the end-of-stream symbol but
 * not the checksum) the encoder inserts a marker, count 1500 of 8000, that the decoder checks. A
 * stream that is corrupt, truncated, or followed by extra bytes is rejected with an {@link
 * IOException} saying which.
 */
public final class DlibDecompressor {
  private static final int END_OF_STREAM = 256;
  private static final int MARKER_INTERVAL = 20_000;
  private static final int MARKER_LOW = 1500;
  private static final int MARKER_TOTAL = 8000;
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private DlibDecompressor() {}

  /** Decompresses a whole stream. */
  public static byte[] decompress(byte[] compressed) throws IOException {
    return decompress(compressed, MAX_ARRAY);
  }

  /**
   * Decompresses a whole stream, refusing to produce more than {@code maxLength} bytes: corrupt
   * data can decode to long runs of cheap symbols before a check catches it.
   */
  public static byte[] decompress(byte[] compressed, int maxLength) throws IOException {
    Objects.requireNonNull(compressed, "compressed");
    if (maxLength < 0 || maxLength > MAX_ARRAY) {
      throw new IllegalArgumentException("maxLength out of range: " + maxLength);
    }
    RangeDecoder coder = new RangeDecoder(compressed);
    PpmModel model = new PpmModel();
    byte[] out = new byte[(int) Math.min(maxLength, Math.max(64L, 2L * compressed.length))];
    int size = 0;
    int sinceMarker = 0;
    while (true) {
      if (sinceMarker == MARKER_INTERVAL) {
        if (coder.target(MARKER_TOTAL) != MARKER_LOW) {
          throw new IOException(
              "corrupt dlib stream: no synchronisation marker after byte " + size);
        }
        coder.consume(MARKER_LOW, MARKER_LOW + 1);
        sinceMarker = 0;
      }
      sinceMarker++;
      int symbol = model.decode(coder);
      if (symbol == END_OF_STREAM) {
        break;
      }
      if (size == out.length) {
        if (size == maxLength) {
          throw new IOException("dlib stream decodes to more than " + maxLength + " bytes");
        }
        out = Arrays.copyOf(out, (int) Math.min(maxLength, 2L * size));
      }
      out[size++] = (byte) symbol;
    }
    checkTail(coder, model, out, size);
    return Arrays.copyOf(out, size);
  }

  private static void checkTail(RangeDecoder coder, PpmModel model, byte[] out, int size)
      throws IOException {
    int stored = 0;
    for (int i = 0; i < 4; i++) {
      // A decoded end-of-stream symbol here stands for byte 0, as dlib's narrowing makes it.
      stored = stored << 8 | (model.decode(coder) & 0xFF);
    }
    CRC32 crc = new CRC32();
    crc.update(out, 0, size);
    int computed = (int) crc.getValue();
    if (stored != computed) {
      throw new IOException(
          String.format(
              "corrupt dlib stream: CRC-32 of the %d decoded bytes is %08x, the stream says %08x",
              size, computed, stored));
    }
    if (coder.remaining() != 0) {
      throw new IOException("corrupt dlib stream: extra bytes after its end: " + coder.remaining());
    }
  }
}
