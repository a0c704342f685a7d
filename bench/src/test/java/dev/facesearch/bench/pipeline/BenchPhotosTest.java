package dev.facesearch.bench.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.facesearch.server.core.Sha256;
import dev.facesearch.server.image.ImageDecoder;
import dev.facesearch.server.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class BenchPhotosTest {
  private final ImageDecoder decoder = new ImageDecoder(1 << 20, 1 << 20);

  @Test
  void withComment_otherBytesSamePixels() throws IOException {
    byte[] jpeg = randomJpeg(new Random(11), 61, 47);
    byte[] a = BenchPhotos.withComment(jpeg, "call-0-1");
    byte[] b = BenchPhotos.withComment(jpeg, "call-0-2");
    assertFalse(Sha256.hex(a).equals(Sha256.hex(jpeg)));
    assertFalse(Sha256.hex(a).equals(Sha256.hex(b)));
    RgbImage plain = decoder.decode(jpeg);
    for (byte[] commented : new byte[][] {a, b}) {
      RgbImage image = decoder.decode(commented);
      assertEquals(plain.width(), image.width());
      assertEquals(plain.height(), image.height());
      assertArrayEquals(plain.pixels(), image.pixels());
    }
  }

  @Test
  void withComment_notAJpeg_throws() {
    assertThrows(
        IllegalArgumentException.class,
        () -> BenchPhotos.withComment(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "x"));
    assertThrows(IllegalArgumentException.class, () -> BenchPhotos.withComment(new byte[1], "x"));
  }

  private static byte[] randomJpeg(Random random, int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpeg", out);
    return out.toByteArray();
  }
}
