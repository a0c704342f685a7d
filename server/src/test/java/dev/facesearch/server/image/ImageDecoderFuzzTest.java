package dev.facesearch.server.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.facesearch.server.core.InvalidInputException;

/**
 * Fuzzes the decoding of untrusted image bytes: whatever arrives, {@link ImageDecoder#decode}
 * returns an image within its limits or throws {@link InvalidInputException} with a one-line
 * reason. Any other exception, a crash in native code, an out-of-memory or a hang is a finding.
 *
 * <p>Without {@code JAZZER_FUZZ} (a plain {@code mvn test}) this replays the corpus in {@code
 * ImageDecoderFuzzTestInputs/decode}: small images of each format made by {@link
 * ImageDecoderFuzzSeeds}, and any input that once failed. The build's {@code fuzz} execution of
 * surefire sets {@code JAZZER_FUZZ=1} and fuzzes for the {@code maxDuration} below.
 */
class ImageDecoderFuzzTest {
  /** Small limits, so that an input the fuzzer grows cannot make one decode slow or large. */
  private static final long MAX_BYTES = 1 << 20;

  private static final long MAX_PIXELS = 1 << 20;

  private final ImageDecoder decoder = new ImageDecoder(MAX_BYTES, MAX_PIXELS);

  @FuzzTest(maxDuration = "25s")
  void decode(byte[] data) {
    RgbImage image;
    try {
      image = decoder.decode(data);
    } catch (InvalidInputException e) {
      String reason = e.getMessage();
      assertTrue(reason != null && !reason.isBlank(), "a reason");
      assertFalse(reason.contains("\n"), "one line: " + reason);
      return;
    }
    assertTrue(image.width() > 0 && image.height() > 0, image.width() + "x" + image.height());
    assertTrue((long) image.width() * image.height() <= MAX_PIXELS, "within the pixel limit");
    assertEquals((long) image.width() * image.height() * 3, image.pixels().length, "RGB bytes");
  }
}
