package dev.facesearch.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class UprightImageTest {
  /**
   * A JPEG with an EXIF block holding only an orientation tag, inserted first after the
   * start-of-image marker so that it is the block readers take.
   */
  static byte[] withOrientation(byte[] jpeg, int orientation, boolean bigEndian) {
    ByteBuffer tiff = ByteBuffer.allocate(26);
    tiff.order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    tiff.put(bigEndian ? (byte) 'M' : (byte) 'I').put(bigEndian ? (byte) 'M' : (byte) 'I');
    tiff.putShort((short) 42).putInt(8).putShort((short) 1);
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation);
    tiff.putShort((short) 0).putInt(0);
    byte[] exif = tiff.array();
    ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + 6 + exif.length);
    out.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) 0xE1).putShort((short) (2 + 6 + exif.length));
    out.put("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).put(exif);
    out.put(jpeg, 2, jpeg.length - 2);
    return out.array();
  }

  private static byte[] tinyJpeg() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB), "jpeg", bytes);
    return bytes.toByteArray();
  }

  @Test
  void orientation_readsBothByteOrders_andDefaultsToUpright() throws IOException {
    byte[] jpeg = tinyJpeg();
    assertEquals(1, UprightImage.orientation(jpeg));
    for (int o = 1; o <= 8; o++) {
      assertEquals(o, UprightImage.orientation(withOrientation(jpeg, o, false)));
      assertEquals(o, UprightImage.orientation(withOrientation(jpeg, o, true)));
    }
    assertEquals(1, UprightImage.orientation(withOrientation(jpeg, 9, false)));
    assertEquals(1, UprightImage.orientation(new byte[] {1, 2, 3}));
    byte[] truncated = withOrientation(jpeg, 6, false);
    assertEquals(1, UprightImage.orientation(Arrays.copyOf(truncated, 20)));
  }

  /**
   * Each orientation against where the stored image's corners must end up: stored corners are A
   * (top left), B (top right), C (bottom left).
   */
  @Test
  void upright_putsTheStoredCornersWhereTheOrientationSays() {
    int w = 3;
    int h = 2;
    BufferedImage stored = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int a = 0x0000FF;
    int b = 0x00FF00;
    int c = 0xFF0000;
    stored.setRGB(0, 0, a);
    stored.setRGB(w - 1, 0, b);
    stored.setRGB(0, h - 1, c);
    // Orientation -> positions (x, y) of A, B, C in the upright image.
    int[][] expected = {
      {},
      {0, 0, 2, 0, 0, 1}, // 1: as stored
      {2, 0, 0, 0, 2, 1}, // 2: mirrored
      {2, 1, 0, 1, 2, 0}, // 3: turned 180
      {0, 1, 2, 1, 0, 0}, // 4: flipped
      {0, 0, 0, 2, 1, 0}, // 5: transposed
      {1, 0, 1, 2, 0, 0}, // 6: turned 90 clockwise
      {1, 2, 1, 0, 0, 2}, // 7: transverse
      {0, 2, 0, 0, 1, 2}, // 8: turned 90 anticlockwise
    };
    for (int o = 1; o <= 8; o++) {
      BufferedImage up = UprightImage.upright(stored, o);
      assertEquals(o >= 5 ? h : w, up.getWidth(), "orientation " + o);
      int[] p = expected[o];
      assertEquals(a, up.getRGB(p[0], p[1]) & 0xFFFFFF, "A, orientation " + o);
      assertEquals(b, up.getRGB(p[2], p[3]) & 0xFFFFFF, "B, orientation " + o);
      assertEquals(c, up.getRGB(p[4], p[5]) & 0xFFFFFF, "C, orientation " + o);
    }
  }

  @Test
  void upright_compositesTransparencyOverWhite() {
    BufferedImage stored = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
    stored.setRGB(0, 0, 0x80000000); // black at half opacity
    int grey = UprightImage.upright(stored, 1).getRGB(0, 0) & 0xFF;
    assertEquals(127, grey, 1);
  }
}
