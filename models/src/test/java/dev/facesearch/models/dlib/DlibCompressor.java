package dev.facesearch.models.dlib;

import java.util.zip.CRC32;

/**
 * A test-only compressor for dlib's {@code compress_stream::kernel_1ea} format, following dlib's
 * encoder: the bytes, with a marker before every 20,000th symbol, the end-of-stream symbol, then
 * the CRC-32 of the bytes, most significant byte first.
 */
final class DlibCompressor {
  private DlibCompressor() {}

  static byte[] compress(byte[] data) {
    RangeEncoder coder = new RangeEncoder();
    PpmEncoderModel model = new PpmEncoderModel(coder);
    int sinceMarker = 0;
    for (int i = 0; i <= data.length; i++) {
      if (sinceMarker == 20_000) {
        sinceMarker = 0;
        coder.encode(1500, 1501, 8000);
      }
      sinceMarker++;
      model.encode(i < data.length ? data[i] & 0xFF : 256);
    }
    CRC32 crc = new CRC32();
    crc.update(data);
    int checksum = (int) crc.getValue();
    for (int shift = 24; shift >= 0; shift -= 8) {
      model.encode(checksum >>> shift & 0xFF);
    }
    return coder.finish();
  }
}
