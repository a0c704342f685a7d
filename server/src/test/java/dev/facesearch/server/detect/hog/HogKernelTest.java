package dev.facesearch.server.detect.hog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Vector API kernel against the scalar one, bit for bit, on odd sizes and random data. */
class HogKernelTest {
  private static final int[] COUNTS = {0, 1, 7, 8, 9, 15, 16, 17, 24, 31, 32, 40, 57, 100};

  private static HogKernel vector;

  @BeforeAll
  static void vectorKernel() {
    assumeTrue(Kernels.vectorApiPresent(), "needs --add-modules jdk.incubator.vector");
    vector = VectorKernel.create();
  }

  @Test
  void simdColumns_vectorEqualsScalar() {
    Random random = new Random(21);
    for (int count : COUNTS) {
      for (int step : new int[] {1, 37}) {
        for (boolean accumulate : new boolean[] {false, true}) {
          float[] in = randomFloats(random, count + 11 * step + 20);
          float[] taps = randomFloats(random, 10);
          float[] a = randomFloats(random, count + 5);
          float[] b = a.clone();
          ScalarKernel.INSTANCE.simdColumns(in, 3, step, taps, a, 2, count, accumulate);
          vector.simdColumns(in, 3, step, taps, b, 2, count, accumulate);
          assertArrayEquals(a, b, "count " + count + " step " + step + " accumulate " + accumulate);
        }
      }
    }
  }

  @Test
  void tailColumns_vectorEqualsScalar() {
    Random random = new Random(22);
    for (int count : COUNTS) {
      for (boolean accumulate : new boolean[] {false, true}) {
        float[] in = randomFloats(random, count + 10 * 29 + 1);
        float[] taps = randomFloats(random, 10);
        float[] a = randomFloats(random, count);
        float[] b = a.clone();
        ScalarKernel.INSTANCE.tailColumns(in, 0, 29, taps, a, 0, count, accumulate);
        vector.tailColumns(in, 0, 29, taps, b, 0, count, accumulate);
        assertArrayEquals(a, b, "count " + count);
      }
    }
  }

  @Test
  void simdGradients_vectorEqualsScalar_greyAndRgbWithTies() {
    Random random = new Random(23);
    for (int channels : new int[] {1, 3}) {
      for (int width : new int[] {3, 10, 18, 33, 64, 251}) {
        float[][][] rows = new float[3][channels][width];
        for (float[][] row : rows) {
          for (float[] channel : row) {
            for (int x = 0; x < width; x++) {
              // Few levels, so that equal gradient lengths across channels are common.
              channel[x] = random.nextInt(4) * 85;
            }
          }
        }
        float[] binA = new float[width];
        float[] lenA = new float[width];
        float[] binB = new float[width];
        float[] lenB = new float[width];
        int to = width - 1;
        ScalarKernel.INSTANCE.simdGradients(rows[0], rows[1], rows[2], 1, to, binA, lenA);
        vector.simdGradients(rows[0], rows[1], rows[2], 1, to, binB, lenB);
        assertArrayEquals(binA, binB, channels + " channels, width " + width);
        assertArrayEquals(lenA, lenB, channels + " channels, width " + width);
      }
    }
  }

  @Test
  void simdDot_tenTaps_groupsTheProductsAsDlibsSimdLoop() {
    float[] in = randomFloats(new Random(24), 10);
    float[] taps = randomFloats(new Random(25), 10);
    float[] p = new float[10];
    for (int i = 0; i < 10; i++) {
      p[i] = in[i] * taps[i];
    }
    float first = ((p[0] + p[3]) + p[6]) + p[9];
    float second = (p[1] + p[4]) + p[7];
    float third = (p[2] + p[5]) + p[8];
    assertEquals(first + (second + third), HogKernel.simdDot(in, 0, 1, taps));
  }

  private static float[] randomFloats(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }
}
