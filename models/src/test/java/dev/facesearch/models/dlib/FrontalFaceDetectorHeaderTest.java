package dev.facesearch.models.dlib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading the detector out of dlib's real header where one is installed, and out of generated
 * headers everywhere.
 */
class FrontalFaceDetectorHeaderTest {
  private static final String HEADER_PROPERTY = "facesearch.dlib.header";
  private static final Path DEFAULT_HEADER =
      Path.of("/tmp/dlibpkg/dev/usr/include/dlib/image_processing/frontal_face_detector.h");
  // What dlib::serialize(get_frontal_face_detector(), out) wrote, where a probe has left it.
  private static final Path SERIALIZED_BY_DLIB = Path.of("/tmp/dlibpkg/frontal_face_detector.ser");

  @TempDir Path temp;

  @Test
  void serializedDetector_dlibHeader_isDlib1924sDetector() throws IOException {
    Path header = dlibHeader();
    byte[] detector = FrontalFaceDetectorHeader.serializedDetector(header);
    assertEquals(FrontalFaceDetectorHeader.SERIALIZED_SIZE, detector.length);
    assertEquals(
        FrontalFaceDetectorHeader.SERIALIZED_SHA256, FrontalFaceDetectorHeader.sha256(detector));
    if (Files.isRegularFile(SERIALIZED_BY_DLIB)) {
      assertArrayEquals(Files.readAllBytes(SERIALIZED_BY_DLIB), detector);
    }
    // dlib's compressor wrote the header's stream; the test encoder must write the same bytes.
    byte[] compressed =
        FrontalFaceDetectorHeader.compressedDetector(
            Files.readString(header, StandardCharsets.ISO_8859_1));
    assertEquals(FrontalFaceDetectorHeader.COMPRESSED_SIZE, compressed.length);
    assertArrayEquals(compressed, DlibCompressor.compress(detector));
  }

  @Test
  void serializedDetector_generatedHeader_givesItsPayload() throws IOException {
    byte[] payload = DlibDecompressorTest.englishLike(new Random(31), 3_000);
    String text = header(DlibCompressor.compress(payload));
    FrontalFaceDetectorHeader.Expected expected =
        new FrontalFaceDetectorHeader.Expected(
            FrontalFaceDetectorHeader.compressedDetector(text).length,
            payload.length,
            FrontalFaceDetectorHeader.sha256(payload));
    assertArrayEquals(payload, FrontalFaceDetectorHeader.serializedDetector(text, expected));
  }

  @Test
  void serializedDetector_otherVersion_saysWhatDiffers() throws IOException {
    byte[] payload = DlibDecompressorTest.englishLike(new Random(37), 3_000);
    byte[] compressed = DlibCompressor.compress(payload);
    String text = header(compressed);
    String sha = FrontalFaceDetectorHeader.sha256(payload);
    assertMessage(
        "the compressed detector is "
            + compressed.length
            + " bytes, dlib 19.24's is 127146: another dlib version?",
        () -> FrontalFaceDetectorHeader.serializedDetector(text));
    assertMessage(
        "dlib stream decodes to more than 2999 bytes",
        () ->
            FrontalFaceDetectorHeader.serializedDetector(
                text, new FrontalFaceDetectorHeader.Expected(compressed.length, 2_999, sha)));
    assertMessage(
        "the detector decompresses to 3000 bytes, dlib 19.24's is 3001",
        () ->
            FrontalFaceDetectorHeader.serializedDetector(
                text, new FrontalFaceDetectorHeader.Expected(compressed.length, 3_001, sha)));
    String other = FrontalFaceDetectorHeader.SERIALIZED_SHA256;
    assertMessage(
        "the detector's SHA-256 is " + sha + ", dlib 19.24's is " + other,
        () ->
            FrontalFaceDetectorHeader.serializedDetector(
                text, new FrontalFaceDetectorHeader.Expected(compressed.length, 3_000, other)));
  }

  @Test
  void serializedDetector_file_namesTheFileInErrors() throws IOException {
    Path file = temp.resolve("frontal_face_detector.h");
    Files.writeString(file, "namespace dlib {}\n");
    IOException e =
        assertThrows(IOException.class, () -> FrontalFaceDetectorHeader.serializedDetector(file));
    assertEquals(file + ": no definition of get_serialized_frontal_faces() found", e.getMessage());
  }

  @Test
  void decodeBase64_skipsWhatDlibSkips() throws IOException {
    byte[] data = new byte[100];
    new Random(41).nextBytes(data);
    String mime = Base64.getMimeEncoder().encodeToString(data); // CRLF every 76 characters
    assertArrayEquals(data, FrontalFaceDetectorHeader.decodeBase64(" " + mime + "\n\t"));
    assertArrayEquals(
        new byte[] {'a', 'b'}, FrontalFaceDetectorHeader.decodeBase64("YW\"\nJ\\=\n"));
  }

  @Test
  void decodeBase64_incompleteGroup_throws() {
    IOException e =
        assertThrows(IOException.class, () -> FrontalFaceDetectorHeader.decodeBase64("YWJjZ"));
    assertTrue(e.getMessage().contains("1 characters of an incomplete group"), e.getMessage());
    assertThrows(IOException.class, () -> FrontalFaceDetectorHeader.decodeBase64("YQ==YWJj"));
  }

  /** A header in dlib's layout holding {@code compressed}, with a few escapes to resolve. */
  private static String header(byte[] compressed) {
    String base64 = Base64.getEncoder().encodeToString(compressed);
    StringBuilder text = new StringBuilder();
    text.append("namespace dlib\n{\n");
    text.append("    inline const std::string ").append(FrontalFaceDetectorHeader.FUNCTION);
    text.append("();\n\n    inline const std::string ");
    text.append(FrontalFaceDetectorHeader.FUNCTION).append("()\n    {\n");
    text.append("        // The base64 encoded data from the file 'object_detector.dat' ...\n");
    for (int i = 0; i < base64.length(); i += 76) {
      String line = base64.substring(i, Math.min(base64.length(), i + 76));
      // A hex-escaped first character, in a literal of its own since a hex escape takes every hex
      // digit after it, and an escaped newline, which dlib's decoder skips.
      line = String.format("\\x%02x\" \"", (int) line.charAt(0)) + line.substring(1) + "\\n";
      text.append("        sout << \"").append(line).append("\";\n");
    }
    text.append("        base64_coder.decode(sin,sout);\n    }\n}\n");
    return text.toString();
  }

  /** The header the property names (which must then exist), else the default one if present. */
  private static Path dlibHeader() {
    String property = System.getProperty(HEADER_PROPERTY);
    if (property != null) {
      Path header = Path.of(property);
      assertTrue(
          Files.isRegularFile(header), "-D" + HEADER_PROPERTY + "=" + header + ": no such file");
      return header;
    }
    assumeTrue(
        Files.isRegularFile(DEFAULT_HEADER),
        "no dlib header at "
            + DEFAULT_HEADER
            + "; set -D"
            + HEADER_PROPERTY
            + " to dlib 19.24's dlib/image_processing/frontal_face_detector.h");
    return DEFAULT_HEADER;
  }

  private static void assertMessage(String expected, Executable call) {
    IOException e = assertThrows(IOException.class, call);
    assertEquals(expected, e.getMessage());
  }
}
