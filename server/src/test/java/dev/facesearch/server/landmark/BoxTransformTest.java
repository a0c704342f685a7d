package dev.facesearch.server.landmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BoxTransformTest {
  /**
   * dlib 19.24's {@code unnormalizing_tform(rectangle(l, t, r, b))}, printed with {@code %a}: m00,
   * m01, m10, m11, b0, b1. Its pseudo-inverse rounding shows: 99 comes out as 99 - 2^-46.
   */
  private static final long[][] BOXES = {
    {0, 0, 99, 99}, {-37, 12, 250, 301}, {1219, 2091, 1540, 2412}, {5, 5, 5, 5}
  };

  private static final double[][] DLIB = {
    {0x1.8bffffffffffep+6, 0x1.8p-44, 0x0p+0, 0x1.8c00000000002p+6, 0x1.bd8p-46, 0x1.29p-47},
    {
      0x1.1efffffffffffp+8,
      0x1.cp-43,
      -0x1p-47,
      0x1.2100000000001p+8,
      -0x1.27ffffffffff8p+5,
      0x1.8000000000011p+3
    },
    {
      0x1.40ffffffffff4p+8,
      0x1.4p-40,
      -0x1.8p-40,
      0x1.4100000000018p+8,
      0x1.30c0000000003p+10,
      0x1.0560000000002p+11
    },
    {-0x1.8p-49, 0x1.8p-49, -0x1.8p-49, 0x1.8p-49, 0x1.4000000000002p+2, 0x1.4000000000002p+2},
  };

  @Test
  void of_probeBoxes_matchDlibBitForBit() {
    for (int i = 0; i < BOXES.length; i++) {
      double[] out = new double[6];
      BoxTransform.of(BOXES[i][0], BOXES[i][1], BOXES[i][2], BOXES[i][3], out);
      for (int j = 0; j < 6; j++) {
        assertEquals(
            Double.doubleToRawLongBits(DLIB[i][j]),
            Double.doubleToRawLongBits(out[j]),
            "box " + i + " value " + j + ": " + Double.toHexString(out[j]));
      }
    }
  }

  @Test
  void of_randomBoxes_mapTheUnitCornersOntoTheBox() {
    SplittableRandom random = new SplittableRandom(5);
    double[] m = new double[6];
    for (int trial = 0; trial < 1000; trial++) {
      int left = random.nextInt(-500, 3000);
      int top = random.nextInt(-500, 3000);
      int right = left + random.nextInt(0, 2000);
      int bottom = top + random.nextInt(0, 2000);
      BoxTransform.of(left, top, right, bottom, m);
      double tolerance = 1e-9;
      assertEquals(left, m[4], tolerance);
      assertEquals(top, m[5], tolerance);
      assertEquals(right, m[0] + m[1] * 0 + m[4], tolerance);
      assertEquals(bottom, m[2] + m[3] + m[5], tolerance);
      assertEquals(right - left, m[0], tolerance);
      assertEquals(bottom - top, m[3], tolerance);
    }
  }

  @Test
  void unitPseudoInverse_invertsTheSourcePoints() {
    double[] p = BoxTransform.unitPseudoInverse(new double[9]);
    double[] points = {0, 1, 1, 0, 0, 1, 1, 1, 1};
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double sum = 0;
        for (int k = 0; k < 3; k++) {
          sum += points[i * 3 + k] * p[k * 3 + j];
        }
        assertEquals(i == j ? 1 : 0, sum, 1e-14);
      }
    }
  }
}
