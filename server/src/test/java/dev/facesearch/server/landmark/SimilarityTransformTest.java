package dev.facesearch.server.landmark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimilarityTransformTest {
  private static final int N = 68;

  /** The point sets of the dlib probe: rational formulas, so C++ and Java make the same floats. */
  private static float[][] probeSet(int set) {
    float[] from = new float[2 * N];
    float[] to = new float[2 * N];
    for (int i = 0; i < N; i++) {
      float x = (i * 37 % 101) / 13.0f;
      float y = (i * 53 % 97) / 7.0f - 3;
      from[2 * i] = x;
      from[2 * i + 1] = y;
      float nx = (i * 11 % 17) / 1000.0f;
      float ny = (i * 7 % 19) / 1000.0f;
      switch (set) {
        case 0 -> {
          to[2 * i] = 0.8f * x - 0.6f * y + 4 + nx;
          to[2 * i + 1] = 0.6f * x + 0.8f * y - 2 + ny;
        }
        case 1 -> {
          to[2 * i] = -x + nx;
          to[2 * i + 1] = y + ny;
        }
        case 2 -> {
          to[2 * i] = x;
          to[2 * i + 1] = y;
        }
        default -> {
          to[2 * i] = 2.5f;
          to[2 * i + 1] = -1.0f;
        }
      }
    }
    return new float[][] {from, to};
  }

  /**
   * dlib 19.24's {@code find_similarity_transform} on the same points, printed with {@code %a}:
   * m00, m01, m10, m11, b0, b1. Set 0 is a noisy rotation and translation, set 1 a noisy mirror
   * image (the reflection branch), set 2 the points themselves, set 3 all points onto one.
   */
  private static final double[][] DLIB = {
    {
      0x1.99b558395bbf3p-1,
      -0x1.3359225feabccp-1,
      0x1.3359225feabccp-1,
      0x1.99b558395bbf3p-1,
      0x1.008725230b0ep+2,
      -0x1.fe2c996566104p+0
    },
    {
      0x1.0c98f9d669a83p-1,
      -0x1.46d4a0fcf64a1p-3,
      0x1.46d4a0fcf64a2p-3,
      0x1.0c98f9d669a82p-1,
      -0x1.4fbde65216bbcp+2,
      0x1.2341a6dd1c262p+0
    },
    {
      0x1.fffffffffffffp-1,
      -0x1.fffffffffffffp-55,
      0x1.7ffffffffffffp-54,
      0x1.fffffffffffffp-1,
      0x1p-51,
      0x0p+0
    },
    {0, 0, 0, 0, 0x1.4p+1, -0x1p+0},
  };

  @Test
  void fit_probeSets_matchDlibBitForBit() {
    for (int set = 0; set < DLIB.length; set++) {
      float[][] points = probeSet(set);
      double[] out = new double[6];
      new SimilarityTransform().fit(points[0], points[1], N, out);
      assertArrayEquals(DLIB[set], out, 0.0, "set " + set);
      for (int i = 0; i < 6; i++) {
        assertEquals(Double.doubleToRawLongBits(DLIB[set][i]), Double.doubleToRawLongBits(out[i]));
      }
    }
  }

  @Test
  void fit_exactSimilarity_isRecovered() {
    // to = 2 * R(30 degrees) * from + (5, -3), in double, then stored as floats.
    SplittableRandom random = new SplittableRandom(7);
    double scale = 2;
    double cos = Math.cos(Math.PI / 6);
    double sin = Math.sin(Math.PI / 6);
    float[] from = new float[2 * N];
    float[] to = new float[2 * N];
    for (int i = 0; i < N; i++) {
      from[2 * i] = (float) random.nextDouble(-1, 1);
      from[2 * i + 1] = (float) random.nextDouble(-1, 1);
      to[2 * i] = (float) (scale * (cos * from[2 * i] - sin * from[2 * i + 1]) + 5);
      to[2 * i + 1] = (float) (scale * (sin * from[2 * i] + cos * from[2 * i + 1]) - 3);
    }
    double[] out = new double[6];
    new SimilarityTransform().fit(from, to, N, out);
    double[] expected = {scale * cos, -scale * sin, scale * sin, scale * cos, 5, -3};
    assertArrayEquals(expected, out, 1e-6);
  }

  @Test
  void fit_mirrorImage_staysARotation() {
    float[][] points = probeSet(1);
    double[] out = new double[6];
    new SimilarityTransform().fit(points[0], points[1], N, out);
    // Umeyama's sign matrix forbids reflections: the determinant stays positive.
    assertTrue(out[0] * out[3] - out[1] * out[2] > 0);
    assertEquals(out[0], out[3], 1e-12);
    assertEquals(-out[1], out[2], 1e-12);
  }

  @Test
  void fit_allSourcePointsEqual_scaleOneTranslationOnly() {
    float[] from = new float[2 * N];
    float[] to = new float[2 * N];
    for (int i = 0; i < N; i++) {
      from[2 * i] = 1;
      from[2 * i + 1] = 2;
      to[2 * i] = i;
      to[2 * i + 1] = -i;
    }
    double[] out = new double[6];
    new SimilarityTransform().fit(from, to, N, out);
    // No spread to fit a rotation to: the covariance is zero, the SVD's factors the identity.
    assertArrayEquals(new double[] {1, 0, 0, 1, 33.5 - 1, -33.5 - 2}, out, 1e-12);
  }
}
