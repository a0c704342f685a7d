package dev.facesearch.models.dlib;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Reads dlib's HOG frontal face detector out of {@code
 * dlib/image_processing/frontal_face_detector.h}, where {@code get_serialized_frontal_faces()}
 * holds it as base64 text of a {@code compress_stream::kernel_1ea} stream.
 *
 * <p>The result is the serialised {@code object_detector<scan_fhog_pyramid<pyramid_down<6>>>}, the
 * bytes {@code dlib::serialize(get_frontal_face_detector(), out)} writes. The sizes and digest of
 * dlib 19.24's detector are checked, so that another version fails here, with a message saying what
 * differs, rather than later as a detector that finds different faces.
 */
public final class FrontalFaceDetectorHeader {
  /** The function whose string literals hold the base64 text. */
  static final String FUNCTION = "get_serialized_frontal_faces";

  /** The size of dlib 19.24's compressed detector, after base64 decoding. */
  public static final int COMPRESSED_SIZE = 127_146;

  /** The size of dlib 19.24's serialised detector, after decompression. */
  public static final int SERIALIZED_SIZE = 155_005;

  /** The SHA-256 of dlib 19.24's serialised detector, in lower-case hex. */
  public static final String SERIALIZED_SHA256 =
      "f3f7aa833fb4a14a46fc48689f45b98d85ef72d6dfaf8bdc012b7d3c522a5426";

  /** The sizes and digest a header's detector must have. */
  record Expected(int compressedSize, int serializedSize, String serializedSha256) {}

  static final Expected DLIB_19_24 =
      new Expected(COMPRESSED_SIZE, SERIALIZED_SIZE, SERIALIZED_SHA256);

  private FrontalFaceDetectorHeader() {}

  /** Reads the header file and returns the serialised detector it holds. */
  public static byte[] serializedDetector(Path header) throws IOException {
    // ISO-8859-1 maps every byte to a char, so no byte can make the read fail.
    String text = Files.readString(header, StandardCharsets.ISO_8859_1);
    try {
      return serializedDetector(text);
    } catch (IOException e) {
      throw new IOException(header + ": " + e.getMessage(), e);
    }
  }

  /** Returns the serialised detector held by the header's text, checked against dlib 19.24's. */
  public static byte[] serializedDetector(String headerText) throws IOException {
    return serializedDetector(headerText, DLIB_19_24);
  }

  static byte[] serializedDetector(String headerText, Expected expected) throws IOException {
    byte[] compressed = compressedDetector(headerText);
    if (compressed.length != expected.compressedSize()) {
      throw new IOException(
          "the compressed detector is "
              + compressed.length
              + " bytes, dlib 19.24's is "
              + expected.compressedSize()
              + ": another dlib version?");
    }
    // A longer detector fails inside decompress(), saying so.
    byte[] detector = DlibDecompressor.decompress(compressed, expected.serializedSize());
    if (detector.length != expected.serializedSize()) {
      throw new IOException(
          "the detector decompresses to "
              + detector.length
              + " bytes, dlib 19.24's is "
              + expected.serializedSize());
    }
    String digest = sha256(detector);
    if (!digest.equals(expected.serializedSha256())) {
      throw new IOException(
          "the detector's SHA-256 is "
              + digest
              + ", dlib 19.24's is "
              + expected.serializedSha256());
    }
    return detector;
  }

  /** The compressed stream the header's text holds: its base64 literals, decoded. */
  static byte[] compressedDetector(String headerText) throws IOException {
    Objects.requireNonNull(headerText, "headerText");
    return decodeBase64(CppStringLiterals.inFunctionBody(headerText, FUNCTION));
  }

  /**
   * Decodes base64 the way dlib's {@code base64::decode} does for well-formed input: every
   * character other than the 64 of the alphabet and the {@code =} of padding (line breaks, spaces)
   * is skipped, and the rest must be whole groups of four. dlib would also decode a {@code =}
   * inside the text; here that is an error.
   */
  static byte[] decodeBase64(String text) throws IOException {
    StringBuilder kept = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        kept.append(c);
      } else if (c == '+' || c == '/' || c == '=') {
        kept.append(c);
      }
    }
    if (kept.length() % 4 != 0) {
      throw new IOException(
          "the base64 text ends with "
              + kept.length() % 4
              + " characters of an incomplete group: truncated?");
    }
    try {
      return Base64.getDecoder().decode(kept.toString());
    } catch (IllegalArgumentException e) {
      throw new IOException("bad base64 text: " + e.getMessage(), e);
    }
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform has SHA-256", e);
    }
  }
}
