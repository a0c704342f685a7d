package dev.facesearch.server.detect.hog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** dlib's bilinear resize: identity, constants, and its grey rounding against RGB truncation. */
class BilinearResizeTest {
  @Test
  void resize_sameSize_isTheIdentity() {
    Random random = new Random(4);
    for (int ch : new int[] {1, 3}) {
      byte[] px = new byte[37 * 23 * ch];
      random.nextBytes(px);
      ByteImage in = new ByteImage(37, 23, ch, px);
      assertArrayEquals(px, BilinearResize.resize(in, 37, 23).pixels());
    }
  }

  @Test
  void resize_constantImage_staysWithinALevel() {
    // The weights sum to 1 only within float rounding, and truncation turns 200.99998 into 200.
    for (int ch : new int[] {1, 3}) {
      byte[] px = new byte[50 * 40 * ch];
      Arrays.fill(px, (byte) 201);
      for (int[] size : new int[][] {{41, 33}, {102, 81}, {7, 5}, {1, 1}}) {
        byte[] out =
            BilinearResize.resize(new ByteImage(50, 40, ch, px), size[0], size[1]).pixels();
        for (byte b : out) {
          assertTrue((b & 0xFF) == 201 || (b & 0xFF) == 200, "channels " + ch + ": " + (b & 0xFF));
        }
      }
    }
  }

  @Test
  void resize_fourLaneGroups_roundGreyAndTruncateRgb() {
    // 0, 1 stretched to 9 columns: outputs 0, 1/8, ..., 7/8 come from two four-lane groups, the
    // last from the one-at-a-time path. Grey groups round (7/8 -> 1, 1/2 -> 1), RGB truncates.
    ByteImage grey = new ByteImage(2, 1, 1, new byte[] {0, 1});
    assertArrayEquals(
        new byte[] {0, 0, 0, 0, 1, 1, 1, 1, 1}, BilinearResize.resize(grey, 9, 1).pixels());
    ByteImage rgb = new ByteImage(2, 1, 3, new byte[] {0, 0, 0, 1, 1, 1});
    byte[] out = BilinearResize.resize(rgb, 9, 1).pixels();
    for (int c = 0; c < 9; c++) {
      assertEquals(c == 8 ? 1 : 0, out[3 * c + 1], "column " + c);
    }
  }

  @Test
  void resize_shortRow_oneAtATime_truncatesGreyToo() {
    // Three columns: too few for a four-lane group, so the middle 0.5 is truncated even for grey.
    ByteImage grey = new ByteImage(2, 1, 1, new byte[] {0, 1});
    assertArrayEquals(new byte[] {0, 0, 1}, BilinearResize.resize(grey, 3, 1).pixels());
  }

  @Test
  void resize_rampUpsampled_isWithinALevelOfTheExactValue() {
    byte[] px = new byte[100];
    for (int i = 0; i < 100; i++) {
      px[i] = (byte) (2 * i);
    }
    byte[] out = BilinearResize.resize(new ByteImage(100, 1, 1, px), 203, 1).pixels();
    assertEquals(0, out[0]);
    assertEquals(198, out[202] & 0xFF);
    for (int c = 0; c < out.length; c++) {
      double exact = 2 * c * (99.0 / 202);
      assertEquals(exact, out[c] & 0xFF, 1.0, "column " + c);
    }
  }

  @Test
  void resize_toEmpty_isEmpty() {
    assertTrue(BilinearResize.resize(new ByteImage(5, 5, 1, new byte[25]), 0, 4).isEmpty());
  }
}
