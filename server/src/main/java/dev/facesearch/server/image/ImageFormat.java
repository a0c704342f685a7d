package dev.facesearch.server.image;

import dev.facesearch.server.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The image formats the server decodes, recognised by their leading bytes.
 *
 * <p>Recognising the format ourselves, rather than letting OpenCV try every codec it was built
 * with, keeps the formats we accept (and so the native code untrusted bytes reach) to these four.
 * Common formats we refuse are named, so a caller learns why.
 */
enum ImageFormat {
  JPEG("JPEG"),
  PNG("PNG"),
  BMP("BMP"),
  WEBP("WebP");

  static final String SUPPORTED = "supported: JPEG, PNG, BMP, WebP";

  private final String label;

  ImageFormat(String label) {
    this.label = label;
  }

  /** The format's usual name, for messages. */
  String label() {
    return label;
  }

  /**
   * The format of an encoded image.
   *
   * @throws InvalidInputException naming the format when it is one we do not decode
   */
  static ImageFormat detect(byte[] data) {
    if (Bytes.matches(data, 0, 0xFF, 0xD8, 0xFF)) {
      return JPEG;
    }
    if (Bytes.matches(data, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return PNG;
    }
    if (Bytes.matches(data, 0, "BM")) {
      return BMP;
    }
    if (Bytes.matches(data, 0, "RIFF") && Bytes.matches(data, 8, "WEBP")) {
      return WEBP;
    }
    String other = otherFormat(data);
    throw new InvalidInputException(
        other == null
            ? "image format not recognised; " + SUPPORTED
            : "image is " + other + "; " + SUPPORTED);
  }

  /** The name of a format we do not decode, or null when the bytes match none we know. */
  private static String otherFormat(byte[] data) {
    if (Bytes.matches(data, 0, "GIF87a") || Bytes.matches(data, 0, "GIF89a")) {
      return "GIF";
    }
    if (Bytes.matches(data, 0, 'I', 'I', 42, 0)
        || Bytes.matches(data, 0, 'M', 'M', 0, 42)
        || Bytes.matches(data, 0, 'I', 'I', 43, 0)
        || Bytes.matches(data, 0, 'M', 'M', 0, 43)) {
      return "TIFF";
    }
    if (Bytes.matches(data, 4, "ftyp")) {
      String brand = Bytes.matches(data, 8, "avi") ? "AVIF" : null;
      for (String heif : new String[] {"hei", "hev", "mif1", "msf1"}) {
        brand = Bytes.matches(data, 8, heif) ? "HEIF" : brand;
      }
      return brand;
    }
    if (Bytes.matches(data, 0, 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ')
        || Bytes.matches(data, 0, 0xFF, 0x4F, 0xFF, 0x51)) {
      return "JPEG 2000";
    }
    if (Bytes.matches(data, 0, 0xFF, 0x0A)
        || Bytes.matches(data, 0, 0, 0, 0, 0x0C, 'J', 'X', 'L')) {
      return "JPEG XL";
    }
    if (Bytes.matches(data, 0, 0, 0, 1, 0)) {
      return "ICO";
    }
    if (Bytes.matches(data, 0, "8BPS")) {
      return "PSD";
    }
    if (Bytes.matches(data, 0, "%PDF")) {
      return "PDF";
    }
    if (Bytes.matches(data, 0, 0x76, 0x2F, 0x31, 0x01)) {
      return "OpenEXR";
    }
    if (Bytes.matches(data, 0, "#?RADIANCE") || Bytes.matches(data, 0, "#?RGBE")) {
      return "Radiance HDR";
    }
    if (data.length >= 3
        && data[0] == 'P'
        && data[1] >= '1'
        && data[1] <= '7'
        && Character.isWhitespace(data[2])) {
      return "Netpbm";
    }
    return isSvg(data) ? "SVG" : null;
  }

  /** Whether the bytes look like SVG: XML text with an {@code <svg} element near the start. */
  private static boolean isSvg(byte[] data) {
    String start =
        new String(data, 0, Math.min(data.length, 4096), StandardCharsets.ISO_8859_1)
            .replaceFirst("^\u00EF\u00BB\u00BF", "") // a UTF-8 byte order mark
            .stripLeading()
            .toLowerCase(Locale.ROOT);
    return start.startsWith("<") && start.contains("<svg");
  }
}
