package dev.facesearch.models.dlib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Decoding streams written by dlib itself and by the test encoder, and rejecting damaged ones.
 *
 * <p>The pinned streams were written by dlib 19.24's {@code compress_stream::kernel_1ea} (a C++
 * probe linked against Debian's libdlib); they check both this decoder and the test encoder against
 * dlib's own encoder.
 */
class DlibDecompressorTest {
  private record Pinned(String name, byte[] data, String dlibStream) {}

  private static final byte[] TEXT =
      ("abracadabra, abracadabra! The quick brown fox jumps over the lazy dog; "
              + "the quick brown fox jumps over the lazy dog again.\n")
          .getBytes(StandardCharsets.US_ASCII);

  // i * i % 251 for i < 45,000: periodic, so most symbols cost almost nothing, which exercises the
  // coder's collapsing of a narrow interval (the runs of 00000001), and two markers.
  private static final String SQUARES_STREAM =
      "006e1413818f768916933e026d6d608260a0a15f2fe9aefd13cf56d6af03cbaab394be5d9f492de0"
          + "bc2f59a0e3fbb442dc20976cf183576371cca87137483732728c554388960773b6bd91e1848646cb"
          + "5d605fa7ae9904dd0ae2704e146c5f933c19d4ed821f296163b6a89e81dad63dd52a5c1c80e841c2"
          + "8b6a7461f46af769de95f6defa53bbf8d016eff2976fcd0c72b3b6f00db07c906a0ccd6b7437aa54"
          + "fd6cd8496be1bc371376b8db986d2830f330c670dffdc75827f5f6c4da2d8019ed03527f2fc8cb2b"
          + "0b2aab832355fd86213d007dc2492df789faaf6b4b6f1f3a3e5daab07d1e77555c1bc761bf40078a"
          + "8a3a11ee3ba70e5b7dddf247234fc122bd10c8d81a869fe8ae7f8990913dbb93d16742884921fce3"
          + "7b9cd8545779afd8d2b4000000010000000100000001000000010000000100000001000000010000"
          + "00010000000100000001000000010000000100000001000000010000000100000001000000010000"
          + "00010000000100000001000000010000000100000001000000010000000100000001000000010000"
          + "00010000000100000001000000010000000100000001315eac000000010000000100000001000004"
          + "04c56003c51f1690cf5f0c2bd000";

  private static final Pinned[] PINNED = {
    new Pinned("empty", new byte[0], "ff6e6a11d775"),
    new Pinned("one byte", bytes("a"), "619e5934dc8150534900"),
    new Pinned("hello", bytes("hello"), "683f52bf4e65f0e0ca82407b2b00"),
    new Pinned("1000 zeros", new byte[1000], "00070e83d209b402e49c0000"),
    // 19,999 bytes end just before a marker, 20,000 put the marker before the end-of-stream symbol.
    new Pinned("19999 x", repeat('x', 19_999), "778899a77bd5937f72f3d7e7"),
    new Pinned("20000 x", repeat('x', 20_000), "77887def77572bfe22778c39e40000"),
    new Pinned(
        "text",
        TEXT,
        "61449a55e95f5b42e5e05b50cea77dee28738dd12e1d71e69b035a61d30aa1a8f7c2b48e75da6e94632"
            + "8c0f492559f9341bd8e1c616ea854854700006566a91235b7b64981aceceba446746000"),
    new Pinned("squares mod 251", squares(45_000), SQUARES_STREAM),
  };

  @Test
  void decompress_dlibStreams_giveTheirInput() throws IOException {
    for (Pinned p : PINNED) {
      assertArrayEquals(p.data(), DlibDecompressor.decompress(hex(p.dlibStream())), p.name());
    }
  }

  @Test
  void testEncoder_writesWhatDlibWrites() {
    for (Pinned p : PINNED) {
      assertEquals(
          p.dlibStream(), HexFormat.of().formatHex(DlibCompressor.compress(p.data())), p.name());
    }
  }

  @Test
  void decompress_roundTrips() throws IOException {
    Random random = new Random(13);
    byte[] noise = new byte[100_000];
    random.nextBytes(noise);
    byte[][] inputs = {
      new byte[0],
      {(byte) 0xFF},
      repeat('A', 100_000),
      englishLike(random, 60_000),
      noise,
      floats(random, 30_000),
      allBytes(),
      repeat('y', 40_000),
    };
    for (byte[] input : inputs) {
      byte[] compressed = DlibCompressor.compress(input);
      assertArrayEquals(input, DlibDecompressor.decompress(compressed), input.length + " bytes");
    }
  }

  @Test
  void decompress_randomData_throwsTheTreeAwayAndGoesOn() throws IOException {
    // Incompressible data adds about five nodes per byte, so 300 KB refills the 200,000 nodes
    // several times.
    byte[] noise = new byte[300_000];
    new Random(17).nextBytes(noise);
    byte[] compressed = DlibCompressor.compress(noise);
    assertTrue(compressed.length > noise.length, "random data does not compress");
    assertArrayEquals(noise, DlibDecompressor.decompress(compressed));
  }

  @Test
  void decompress_flippedByte_throwsOrChangesNothing() throws IOException {
    byte[] input = englishLike(new Random(19), 20_000);
    byte[] compressed = DlibCompressor.compress(input);
    Random random = new Random(23);
    for (int at = 0; at < compressed.length; at += 1 + random.nextInt(37)) {
      byte[] damaged = compressed.clone();
      damaged[at] ^= (byte) (1 << random.nextInt(8));
      try {
        byte[] decoded = DlibDecompressor.decompress(damaged);
        // Only the last bytes, which merely pin the code value inside the final interval, may
        // change without changing what the stream says.
        assertArrayEquals(input, decoded, "flip at " + at + " of " + compressed.length);
        assertTrue(at >= compressed.length - 4, "undetected flip at " + at);
      } catch (IOException expected) {
        assertTrue(
            expected.getMessage().startsWith("corrupt")
                || expected.getMessage().startsWith("truncated"),
            expected.getMessage());
      }
    }
  }

  @Test
  void decompress_everySingleBitFlip_throwsOrChangesNothing() throws IOException {
    byte[] input = TEXT;
    byte[] compressed = DlibCompressor.compress(input);
    for (int at = 0; at < compressed.length; at++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] damaged = compressed.clone();
        damaged[at] ^= (byte) (1 << bit);
        try {
          assertArrayEquals(input, DlibDecompressor.decompress(damaged), "flip at " + at);
          assertTrue(at >= compressed.length - 4, "undetected flip at " + at);
        } catch (IOException expected) {
          // detected
        }
      }
    }
  }

  @Test
  void decompress_truncated_throws() {
    byte[] compressed = DlibCompressor.compress(englishLike(new Random(29), 5_000));
    for (int length = 0; length < compressed.length; length++) {
      byte[] prefix = Arrays.copyOf(compressed, length);
      IOException e = assertThrows(IOException.class, () -> DlibDecompressor.decompress(prefix));
      assertTrue(e.getMessage().startsWith("truncated dlib stream"), e.getMessage());
    }
  }

  @Test
  void decompress_trailingBytes_throws() {
    byte[] stream = DlibCompressor.compress(TEXT);
    byte[] compressed = Arrays.copyOf(stream, stream.length + 1);
    IOException e = assertThrows(IOException.class, () -> DlibDecompressor.decompress(compressed));
    assertTrue(e.getMessage().endsWith("extra bytes after its end: 1"), e.getMessage());
  }

  @Test
  void decompress_wrongChecksum_throws() {
    // A stream whose checksum is not the data's: written by hand from the encoder's parts.
    RangeEncoder coder = new RangeEncoder();
    PpmEncoderModel model = new PpmEncoderModel(coder);
    for (int symbol : new int[] {'a', 'b', 256, 1, 2, 3, 4}) {
      model.encode(symbol);
    }
    byte[] compressed = coder.finish();
    IOException e = assertThrows(IOException.class, () -> DlibDecompressor.decompress(compressed));
    assertTrue(e.getMessage().contains("the stream says 01020304"), e.getMessage());
  }

  @Test
  void decompress_missingMarker_throws() {
    RangeEncoder coder = new RangeEncoder();
    PpmEncoderModel model = new PpmEncoderModel(coder);
    for (int i = 0; i < 20_001; i++) {
      model.encode('z');
    }
    byte[] compressed = coder.finish();
    IOException e = assertThrows(IOException.class, () -> DlibDecompressor.decompress(compressed));
    assertTrue(
        e.getMessage().contains("no synchronisation marker after byte 20000"), e.getMessage());
  }

  @Test
  void decompress_beyondMaxLength_throws() throws IOException {
    byte[] compressed = DlibCompressor.compress(repeat('q', 1_000));
    assertEquals(1_000, DlibDecompressor.decompress(compressed, 1_000).length);
    IOException e =
        assertThrows(IOException.class, () -> DlibDecompressor.decompress(compressed, 999));
    assertTrue(e.getMessage().contains("more than 999 bytes"), e.getMessage());
  }

  @Test
  void decompress_badArguments_throw() {
    assertThrows(NullPointerException.class, () -> DlibDecompressor.decompress(null));
    assertThrows(
        IllegalArgumentException.class, () -> DlibDecompressor.decompress(new byte[6], -1));
  }

  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  private static byte[] bytes(String ascii) {
    return ascii.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] repeat(char c, int n) {
    byte[] data = new byte[n];
    Arrays.fill(data, (byte) c);
    return data;
  }

  private static byte[] squares(int n) {
    byte[] data = new byte[n];
    for (int i = 0; i < n; i++) {
      data[i] = (byte) ((long) i * i % 251);
    }
    return data;
  }

  private static byte[] allBytes() {
    byte[] data = new byte[512];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 7);
    }
    return data;
  }

  /** Words drawn from a small vocabulary: text with contexts worth modelling. */
  static byte[] englishLike(Random random, int n) {
    String[] words = {
      "the",
      "face",
      "detector",
      "of",
      "dlib",
      "scans",
      "a",
      "pyramid",
      "with",
      "HOG",
      "filters",
      "and",
      "returns",
      "boxes",
      ",",
      ".",
      "\n"
    };
    StringBuilder text = new StringBuilder();
    while (text.length() < n) {
      text.append(words[random.nextInt(words.length)]).append(' ');
    }
    return text.substring(0, n).getBytes(StandardCharsets.US_ASCII);
  }

  /** Little-endian floats near 0, as a serialised model holds: structured but noisy bytes. */
  private static byte[] floats(Random random, int n) {
    ByteBuffer buffer = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      buffer.putFloat((float) (random.nextGaussian() * 0.01));
    }
    return buffer.array();
  }
}
