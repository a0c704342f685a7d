package dev.facesearch.server.image;

import dev.facesearch.server.core.InvalidInputException;

/**
 * What an encoded image says about itself before any pixel is decoded: its format, its size, and
 * (for JPEG) its EXIF orientation.
 *
 * <p>Reading the size ourselves lets the decoder refuse an image that would need too much memory
 * before OpenCV allocates anything: a 100-byte PNG may claim 100,000 x 100,000 pixels. {@link
 * #requireComplete} then checks that the container holds all it announces, so a truncated upload is
 * refused with a clear reason instead of decoding into a partly grey picture.
 *
 * @param width columns as stored
 * @param height rows as stored
 * @param orientation EXIF orientation 1-8; 1 for other formats
 */
record ImageHeader(ImageFormat format, int width, int height, int orientation) {
  private static final int PNG_IHDR_END = 8 + 8 + 13;

  /**
   * Reads the header of an encoded image.
   *
   * @throws InvalidInputException when the format is not supported or the header is malformed
   */
  static ImageHeader read(byte[] data) {
    ImageFormat format = ImageFormat.detect(data);
    return switch (format) {
      case JPEG -> JpegHeader.read(data);
      case PNG -> png(data);
      case BMP -> bmp(data);
      case WEBP -> webp(data);
    };
  }

  long pixels() {
    return (long) width * height;
  }

  /**
   * Checks that the image's container holds everything it announces: for PNG every chunk up to
   * IEND, for JPEG every segment up to the end-of-image marker, for WebP the RIFF size, and for
   * uncompressed BMP every row of pixels.
   *
   * @throws InvalidInputException when the image is truncated
   */
  void requireComplete(byte[] data) {
    switch (format) {
      case JPEG -> JpegHeader.requireComplete(data);
      case PNG -> pngComplete(data);
      case BMP -> bmpComplete(data, this);
      case WEBP -> webpComplete(data);
    }
  }

  static InvalidInputException truncated(String what) {
    return new InvalidInputException("image is truncated: " + what);
  }

  static InvalidInputException corrupt(String what) {
    return new InvalidInputException("image is corrupt: " + what);
  }

  private static ImageHeader png(byte[] data) {
    if (data.length < PNG_IHDR_END) {
      throw truncated("PNG ends inside its header");
    }
    if (Bytes.u32be(data, 8) != 13 || !Bytes.matches(data, 12, "IHDR")) {
      throw corrupt("PNG does not start with an IHDR chunk");
    }
    return sized(ImageFormat.PNG, Bytes.u32be(data, 16), Bytes.u32be(data, 20), 1);
  }

  private static void pngComplete(byte[] data) {
    long at = 8;
    while (at + 8 <= data.length) {
      long end = at + 12 + Bytes.u32be(data, (int) at);
      if (end > data.length) {
        throw truncated("PNG ends inside a chunk");
      }
      if (Bytes.matches(data, (int) at + 4, "IEND")) {
        return;
      }
      at = end;
    }
    throw truncated("PNG ends before its IEND chunk");
  }

  private static ImageHeader bmp(byte[] data) {
    if (data.length < 26) {
      throw truncated("BMP ends inside its header");
    }
    long headerSize = Bytes.u32le(data, 14);
    if (headerSize == 12) { // OS/2 BITMAPCOREHEADER: 16-bit sizes, always bottom-up
      return sized(ImageFormat.BMP, Bytes.u16le(data, 18), Bytes.u16le(data, 20), 1);
    }
    if (headerSize < 40 || headerSize > 124) {
      throw corrupt("BMP header size " + headerSize + " is not a known one");
    }
    if (data.length < 34) {
      throw truncated("BMP ends inside its header");
    }
    // Signed: a negative height marks rows stored top-down.
    long width = (int) Bytes.u32le(data, 18);
    long height = Math.abs((long) (int) Bytes.u32le(data, 22));
    return sized(ImageFormat.BMP, width, height, 1);
  }

  private static void bmpComplete(byte[] data, ImageHeader header) {
    boolean core = Bytes.u32le(data, 14) == 12;
    int bitsPerPixel = Bytes.u16le(data, core ? 24 : 28);
    long compression = core ? 0 : Bytes.u32le(data, 30);
    if (bitsPerPixel != 1
        && bitsPerPixel != 4
        && bitsPerPixel != 8
        && bitsPerPixel != 16
        && bitsPerPixel != 24
        && bitsPerPixel != 32) {
      throw corrupt("BMP has " + bitsPerPixel + " bits per pixel");
    }
    // Only uncompressed rows (plain, or with bit-field masks) have a size known in advance.
    if (compression == 0 || compression == 3 || compression == 6) {
      long rowBytes = (header.width * (long) bitsPerPixel + 31) / 32 * 4;
      long needed = Bytes.u32le(data, 10) + rowBytes * header.height;
      if (data.length < needed) {
        throw truncated("BMP needs " + needed + " bytes for its pixels, has " + data.length);
      }
    }
  }

  private static ImageHeader webp(byte[] data) {
    if (data.length < 30) {
      throw truncated("WebP ends inside its header");
    }
    if (Bytes.matches(data, 12, "VP8 ")) { // lossy: a VP8 key frame
      if ((data[20] & 1) != 0 || !Bytes.matches(data, 23, 0x9D, 0x01, 0x2A)) {
        throw corrupt("WebP VP8 data does not start with a key frame");
      }
      int width = Bytes.u16le(data, 26) & 0x3FFF;
      int height = Bytes.u16le(data, 28) & 0x3FFF;
      return sized(ImageFormat.WEBP, width, height, 1);
    }
    if (Bytes.matches(data, 12, "VP8L")) { // lossless: 14-bit sizes minus one after 0x2F
      if (data[20] != 0x2F) {
        throw corrupt("WebP VP8L data has no signature");
      }
      long bits = Bytes.u32le(data, 21);
      return sized(ImageFormat.WEBP, (bits & 0x3FFF) + 1, (bits >> 14 & 0x3FFF) + 1, 1);
    }
    if (Bytes.matches(data, 12, "VP8X")) { // extended: the canvas, 24-bit sizes minus one
      long width = Bytes.u24le(data, 24) + 1L;
      long height = Bytes.u24le(data, 27) + 1L;
      return sized(ImageFormat.WEBP, width, height, 1);
    }
    throw corrupt("WebP has no VP8, VP8L or VP8X chunk first");
  }

  private static void webpComplete(byte[] data) {
    long needed = 8 + Bytes.u32le(data, 4);
    if (data.length < needed) {
      throw truncated("WebP needs " + needed + " bytes, has " + data.length);
    }
  }

  /** A header after checking the size is positive and fits an int (PNG allows up to 2^31-1). */
  static ImageHeader sized(ImageFormat format, long width, long height, int orientation) {
    if (width <= 0 || height <= 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw corrupt(format.label() + " header gives a size of " + width + "x" + height);
    }
    return new ImageHeader(format, (int) width, (int) height, orientation);
  }
}
