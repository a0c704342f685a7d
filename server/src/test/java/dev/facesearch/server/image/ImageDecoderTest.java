package dev.facesearch.server.image;

import static dev.facesearch.server.image.TestImages.encode;
import static dev.facesearch.server.image.TestImages.mat16;
import static dev.facesearch.server.image.TestImages.mat8;
import static dev.facesearch.server.image.TestImages.randomBytes;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.facesearch.server.core.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Decoding untrusted bytes: every supported layout, the limits, and bad input of every kind. */
class ImageDecoderTest {
  private static final long MAX_PIXELS = 40_000_000;
  private final ImageDecoder decoder = new ImageDecoder(20_000_000, MAX_PIXELS);

  /** Random interleaved 8-bit samples, with the alpha channel (if any) holding 0, 255 and more. */
  private static byte[] samples(Random random, int pixels, int channels) {
    byte[] samples = randomBytes(random, pixels * channels);
    if (channels == 2 || channels == 4) {
      for (int p = 0; p < Math.min(pixels, 2); p++) {
        samples[p * channels + channels - 1] = (byte) (p == 0 ? 0 : 255);
      }
    }
    return samples;
  }

  private static byte[] encode8(String extension, int w, int h, int c, byte[] samples, int... p) {
    try (Mat mat = mat8(w, h, c, samples)) {
      return encode(extension, mat, p);
    }
  }

  /** What decoding promises for 8-bit samples in OpenCV's order: RGB, alpha over white. */
  private static byte[] expectedRgb(byte[] samples, int channels) {
    int pixels = samples.length / channels;
    byte[] rgb = new byte[pixels * 3];
    for (int p = 0; p < pixels; p++) {
      int alpha = channels % 2 == 0 ? samples[p * channels + channels - 1] & 0xFF : 255;
      for (int c = 0; c < 3; c++) {
        int source = channels < 3 ? p * channels : p * channels + 2 - c;
        double over = (samples[source] & 0xFF) * alpha / 255.0 + 255 * (1 - alpha / 255.0);
        rgb[p * 3 + c] = (byte) Math.round(over);
      }
    }
    return rgb;
  }

  private static int maxDifference(byte[] expected, byte[] actual) {
    assertEquals(expected.length, actual.length, "length");
    int max = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs((expected[i] & 0xFF) - (actual[i] & 0xFF)));
    }
    return max;
  }

  private static double meanDifference(byte[] expected, byte[] actual) {
    double sum = 0;
    for (int i = 0; i < expected.length; i++) {
      sum += Math.abs((expected[i] & 0xFF) - (actual[i] & 0xFF));
    }
    return sum / expected.length;
  }

  private InvalidInputException refused(byte[] data) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> decoder.decode(data));
    assertFalse(e.getMessage().isBlank() || e.getMessage().contains("\n"), e.getMessage());
    return e;
  }

  @Test
  void decode_pureRed_hasRedFirstInEveryFormat() {
    byte[] red = new byte[16 * 16 * 3];
    for (int i = 2; i < red.length; i += 3) {
      red[i] = (byte) 255; // BGR
    }
    for (String extension : List.of(".jpg", ".png", ".bmp", ".webp")) {
      RgbImage image = decoder.decode(encode8(extension, 16, 16, 3, red));
      for (int i = 0; i < image.pixels().length; i += 3) {
        assertTrue((image.pixels()[i] & 0xFF) >= 250, extension + " R " + image.pixels()[i]);
        assertTrue((image.pixels()[i + 1] & 0xFF) <= 5, extension + " G");
        assertTrue((image.pixels()[i + 2] & 0xFF) <= 5, extension + " B");
      }
    }
  }

  @Test
  void decode_losslessEightBit_isExact() {
    Random random = new Random(1);
    int w = 37;
    int h = 23;
    Map<String, int[]> cases = new LinkedHashMap<>();
    for (int channels : new int[] {1, 3, 4}) {
      cases.put(".png " + channels, new int[] {channels});
      cases.put(".bmp " + channels, new int[] {channels});
      cases.put(".webp " + channels, new int[] {channels, IMWRITE_WEBP_QUALITY, 101});
    }
    for (var entry : cases.entrySet()) {
      int[] spec = entry.getValue();
      byte[] samples = samples(random, w * h, spec[0]);
      String extension = entry.getKey().split(" ")[0];
      byte[] encoded =
          encode8(extension, w, h, spec[0], samples, Arrays.copyOfRange(spec, 1, spec.length));
      RgbImage image = decoder.decode(encoded);
      assertEquals(w, image.width(), entry.getKey());
      assertEquals(h, image.height(), entry.getKey());
      int difference = maxDifference(expectedRgb(samples, spec[0]), image.pixels());
      assertEquals(0, difference, entry.getKey() + ": max difference");
    }
  }

  @Test
  void decode_sixteenBitPng_scalesTo8Bit() {
    Random random = new Random(2);
    int w = 19;
    int h = 11;
    for (int channels : new int[] {1, 3, 4}) {
      short[] wide = new short[w * h * channels];
      byte[] narrow = new byte[wide.length];
      for (int i = 0; i < wide.length; i++) {
        // Multiples of 257 (exact) and arbitrary values (rounded).
        int value = i % 2 == 0 ? 257 * random.nextInt(256) : random.nextInt(65536);
        wide[i] = (short) value;
        narrow[i] = (byte) Math.round(value / 257.0);
      }
      byte[] encoded;
      try (Mat mat = mat16(w, h, channels, wide)) {
        encoded = encode(".png", mat);
      }
      RgbImage image = decoder.decode(encoded);
      // With alpha, two roundings (to 8 bits, then compositing) may differ by one.
      int tolerance = channels == 4 ? 1 : 0;
      int difference = maxDifference(expectedRgb(narrow, channels), image.pixels());
      assertTrue(difference <= tolerance, channels + " channels: max difference " + difference);
    }
  }

  @Test
  void decode_greyWithAlphaPng_compositesOverWhite() {
    Random random = new Random(3);
    int w = 13;
    int h = 7;
    byte[] samples = samples(random, w * h, 2);
    RgbImage image = decoder.decode(TestImages.png(w, h, 8, 4, samples));
    assertEquals(0, maxDifference(expectedRgb(samples, 2), image.pixels()));

    byte[] wide = new byte[samples.length * 2]; // big-endian, each 8-bit value times 257
    for (int i = 0; i < samples.length; i++) {
      wide[2 * i] = samples[i];
      wide[2 * i + 1] = samples[i];
    }
    RgbImage deep = decoder.decode(TestImages.png(w, h, 16, 4, wide));
    assertEquals(0, maxDifference(expectedRgb(samples, 2), deep.pixels()));
  }

  @Test
  void decode_palettePng_looksUpColours() {
    byte[] palette = {(byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255};
    byte[] indices = {0, 1, 2, 2, 1, 0};
    RgbImage image = decoder.decode(TestImages.png(3, 2, 8, 3, palette, indices));
    byte[] expected = new byte[18];
    for (int p = 0; p < 6; p++) {
      System.arraycopy(palette, indices[p] * 3, expected, p * 3, 3);
    }
    assertArrayEquals(expected, image.pixels());
  }

  @Test
  void decode_lossy_isCloseToTheOriginal() {
    int w = 64;
    int h = 48;
    for (int channels : new int[] {1, 3}) {
      byte[] samples = new byte[w * h * channels];
      for (int i = 0; i < samples.length; i++) {
        int p = i / channels;
        samples[i] = (byte) ((p % w) * 2 + p / w + (i % channels) * 20); // smooth ramps, 0-213
      }
      byte[] expected = expectedRgb(samples, channels);
      for (String extension : List.of(".jpg", ".webp")) {
        int quality = extension.equals(".jpg") ? IMWRITE_JPEG_QUALITY : IMWRITE_WEBP_QUALITY;
        RgbImage image = decoder.decode(encode8(extension, w, h, channels, samples, quality, 95));
        double mean = meanDifference(expected, image.pixels());
        assertTrue(mean < 3, extension + " " + channels + " channels: mean difference " + mean);
      }
    }
  }

  @Test
  void decode_onePixel_inEveryFormat() {
    byte[] pixel = {10, 20, 30};
    for (String extension : List.of(".jpg", ".png", ".bmp", ".webp")) {
      RgbImage image = decoder.decode(encode8(extension, 1, 1, 3, pixel));
      assertEquals(1, image.width(), extension);
      assertEquals(1, image.height(), extension);
    }
  }

  @Test
  void decode_overByteLimit_isRefused() {
    byte[] png = encode8(".png", 40, 40, 3, randomBytes(new Random(4), 40 * 40 * 3));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> new ImageDecoder(1000, 100).decode(png));
    assertEquals("image is " + png.length + " bytes, the limit is 1000", e.getMessage());
  }

  @Test
  void decode_pixelLimit_isInclusive() {
    ImageDecoder small = new ImageDecoder(1_000_000, 100);
    assertEquals(10, small.decode(encode8(".png", 10, 10, 1, new byte[100])).width());
    byte[] tooMany = encode8(".png", 11, 10, 1, new byte[110]);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> small.decode(tooMany));
    assertEquals("image is 11x10 pixels, the limit is 100", e.getMessage());
  }

  /** Forged headers that claim huge sizes over tiny bodies. */
  private static Map<String, byte[]> forgedHugeImages() {
    Map<String, byte[]> forged = new LinkedHashMap<>();
    forged.put("PNG", TestImages.png(100_000, 100_000, 8, 2, null));
    byte[] jpeg = encode8(".jpg", 8, 8, 3, new byte[192]);
    for (int i = 2; i + 8 < jpeg.length; i++) { // patch SOF0's height and width to 60000
      if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
        ByteBuffer.wrap(jpeg, i + 5, 4).putShort((short) 60_000).putShort((short) 60_000);
      }
    }
    forged.put("JPEG", jpeg);
    ByteBuffer bmp = ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN);
    bmp.put((byte) 'B').put((byte) 'M').putInt(54).putInt(0).putInt(54);
    bmp.putInt(40).putInt(100_000).putInt(100_000).putShort((short) 1).putShort((short) 24);
    forged.put("BMP", bmp.array());
    forged.put("WebP VP8X", webp("VP8X", 0x10, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF));
    forged.put("WebP VP8", webp("VP8 ", 0x50, 0, 0, 0x9D, 0x01, 0x2A, 0xFF, 0x3F, 0xFF, 0x3F));
    forged.put("WebP VP8L", webp("VP8L", 0x2F, 0xFF, 0xFF, 0xFF, 0x0F, 0, 0, 0, 0, 0));
    return forged;
  }

  private static byte[] webp(String chunk, int... body) {
    ByteBuffer out = ByteBuffer.allocate(20 + body.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(12 + body.length);
    out.put(("WEBP" + chunk).getBytes(StandardCharsets.US_ASCII)).putInt(body.length);
    for (int b : body) {
      out.put((byte) b);
    }
    return out.array();
  }

  @Test
  void decode_forgedHugeHeader_isRefusedBeforeDecoding() {
    long start = System.nanoTime();
    for (var entry : forgedHugeImages().entrySet()) {
      String message = refused(entry.getValue()).getMessage();
      assertTrue(message.matches("image is \\d+x\\d+ pixels, the limit is 40000000"), message);
    }
    assertTrue(refused(forgedHugeImages().get("PNG")).getMessage().contains("100000x100000"));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 500, "took " + millis + " ms");
  }

  @Test
  void decode_twelveBitJpeg_isRefusedByName() {
    byte[] jpeg = encode8(".jpg", 8, 8, 3, new byte[192]);
    for (int i = 2; i + 4 < jpeg.length; i++) {
      if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
        jpeg[i + 4] = 12; // SOF0's sample precision
      }
    }
    assertEquals(
        "image is a 12-bit JPEG; only 8-bit JPEG is supported", refused(jpeg).getMessage());
  }

  @Test
  void decode_bmpClaimingMorePixelsThanItHolds_isRefusedAsTruncated() {
    ByteBuffer bmp = ByteBuffer.allocate(54 + 300).order(ByteOrder.LITTLE_ENDIAN);
    bmp.put((byte) 'B').put((byte) 'M').putInt(354).putInt(0).putInt(54);
    bmp.putInt(40).putInt(4000).putInt(-4000).putShort((short) 1).putShort((short) 24);
    String message = refused(bmp.array()).getMessage();
    assertTrue(message.startsWith("image is truncated: BMP needs 48000054 bytes"), message);
  }

  @Test
  void decode_emptyOrOneByte_isRefused() {
    assertEquals("image is empty", refused(new byte[0]).getMessage());
    assertEquals(
        "image format not recognised; supported: JPEG, PNG, BMP, WebP",
        refused(new byte[] {(byte) 0xFF}).getMessage());
  }

  @Test
  void decode_randomBytes_isRefused() {
    Random random = new Random(5);
    for (int i = 0; i < 50; i++) {
      refused(randomBytes(random, 1 + random.nextInt(5000)));
    }
  }

  @Test
  void decode_firstHalfOfAFile_isRefusedAsTruncated() {
    byte[] samples = randomBytes(new Random(6), 64 * 48 * 3);
    for (String extension : List.of(".jpg", ".png", ".bmp", ".webp")) {
      byte[] whole = encode8(extension, 64, 48, 3, samples);
      for (int length : new int[] {whole.length / 2, whole.length - 1, 20}) {
        String message = refused(Arrays.copyOf(whole, length)).getMessage();
        assertTrue(message.startsWith("image is truncated: "), extension + ": " + message);
      }
    }
  }

  @Test
  void decode_otherFormats_areNamed() {
    byte[] tiff;
    try (Mat mat = mat8(4, 4, 3, new byte[48])) {
      tiff = encode(".tiff", mat);
    }
    String svg = "\uFEFF  <?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    Map<byte[], String> others = new LinkedHashMap<>();
    others.put("GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;".getBytes(), "GIF");
    others.put(tiff, "TIFF");
    others.put(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8}, "TIFF");
    others.put(svg.getBytes(StandardCharsets.UTF_8), "SVG");
    others.put("<svg width=\"10\" height=\"10\"></svg>".getBytes(), "SVG");
    for (var entry : others.entrySet()) {
      assertEquals(
          "image is " + entry.getValue() + "; supported: JPEG, PNG, BMP, WebP",
          refused(entry.getKey()).getMessage());
    }
  }

  @Test
  void decode_corruptPngData_isRefused() {
    byte[] png = encode8(".png", 32, 32, 3, randomBytes(new Random(7), 32 * 32 * 3));
    png[png.length / 2] ^= 0x55; // inside IDAT: its CRC no longer matches
    assertEquals("image is corrupt: PNG data could not be decoded", refused(png).getMessage());
  }

  /** Small valid files of every format, to mutate. */
  private static List<byte[]> smallFiles() {
    Random random = new Random(8);
    byte[] rgb = randomBytes(random, 32 * 24 * 3);
    byte[] rgba = randomBytes(random, 32 * 24 * 4);
    return Stream.of(".jpg", ".png", ".bmp", ".webp")
        .flatMap(e -> Stream.of(encode8(e, 32, 24, 3, rgb), encode8(e, 32, 24, 4, rgba)))
        .toList();
  }

  @Test
  void decode_mutatedFiles_decodeOrAreRefused() {
    Random random = new Random(9);
    for (byte[] original : smallFiles()) {
      for (int trial = 0; trial < 40; trial++) {
        byte[] mutated = original.clone();
        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
          mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
        }
        try {
          RgbImage image = decoder.decode(mutated);
          assertTrue(image.width() > 0 && image.height() > 0);
        } catch (InvalidInputException expected) {
          assertFalse(expected.getMessage().contains("\n"), expected.getMessage());
        } catch (RuntimeException e) {
          fail("mutated file threw " + e, e);
        }
      }
    }
  }

  @Test
  void decode_manyTimes_closesEveryNativeObject() {
    List<byte[]> inputs = new java.util.ArrayList<>(smallFiles());
    short[] wide = new short[16 * 16 * 4];
    try (Mat mat = mat16(16, 16, 4, wide)) {
      inputs.add(encode(".png", mat));
    }
    byte[] corrupt = inputs.get(2).clone(); // a PNG
    corrupt[corrupt.length / 2] ^= 0x55;
    inputs.add(corrupt);
    decoder.decode(inputs.get(0)); // loads OpenCV's natives before counting
    long before = Pointer.totalCount();
    for (int round = 0; round < 20; round++) {
      for (byte[] input : inputs) {
        try {
          decoder.decode(input);
        } catch (InvalidInputException expected) {
          // the corrupt one
        }
      }
    }
    assertEquals(before, Pointer.totalCount(), "JavaCPP objects still open");
  }

  @Test
  void decode_sharedTestImages_allDecode() throws IOException {
    Path folder =
        Path.of(System.getProperty("facesearch.shared", "../shared"))
            .resolve("data/faces/face-recognition-examples/tests/test_images");
    Assumptions.assumeTrue(Files.isDirectory(folder), "no shared photos at " + folder);
    List<Path> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files = listing.sorted().toList();
    }
    assertFalse(files.isEmpty());
    for (Path file : files) {
      byte[] data = Files.readAllBytes(file);
      ImageHeader header = ImageHeader.read(data);
      RgbImage image = decoder.decode(data);
      assertEquals(header.width(), image.width(), file.toString());
      assertEquals(header.height(), image.height(), file.toString());
      if (file.getFileName().toString().equals("32bit.png")) {
        assertEquals(626, image.width());
        assertEquals(1200, image.height());
      }
    }
  }
}
