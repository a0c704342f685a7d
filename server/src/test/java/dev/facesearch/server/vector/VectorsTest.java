package dev.facesearch.server.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.core.InvalidInputException;
import dev.facesearch.server.testing.FaceLikeVectors;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorsTest {

  @Test
  void toUnitLength_randomVectors_haveUnitNormAndSameDirection() {
    Random random = new Random(42);
    for (int trial = 0; trial < 100; trial++) {
      float[] v = new float[128];
      double scale = Math.pow(10, random.nextInt(20) - 10);
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (random.nextGaussian() * scale);
      }
      float[] unit = Vectors.toUnitLength(v, 128);
      double norm = Math.sqrt(FaceLikeVectors.squareDistance(unit, new float[128]));
      assertEquals(1.0, norm, 1e-5);
      // Same direction: scaling the input does not change the result.
      float[] doubled = new float[128];
      for (int i = 0; i < v.length; i++) {
        doubled[i] = v[i] * 2;
      }
      assertTrue(FaceLikeVectors.squareDistance(unit, Vectors.toUnitLength(doubled, 128)) < 1e-10);
    }
  }

  @Test
  void toUnitLength_hugeFiniteValues_doNotOverflow() {
    float[] v = new float[128];
    Arrays.fill(v, 3e38f);
    float[] unit = Vectors.toUnitLength(v, 128);
    assertEquals((float) (1 / Math.sqrt(128)), unit[0], 1e-6);
  }

  @Test
  void toUnitLength_wrongDimension_isRejected() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Vectors.toUnitLength(new float[127], 128));
    assertTrue(e.getMessage().contains("127"), e.getMessage());
  }

  @Test
  void toUnitLength_nonFiniteValues_areRejected() {
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      float[] v = new float[128];
      Arrays.fill(v, 0.5f);
      v[17] = bad;
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> Vectors.toUnitLength(v, 128));
      assertTrue(e.getMessage().contains("17"), e.getMessage());
    }
  }

  @Test
  void toUnitLength_allZeros_isRejected() {
    assertThrows(InvalidInputException.class, () -> Vectors.toUnitLength(new float[128], 128));
  }

  @Test
  void squareDistance_isSymmetricAndMatchesPlainLoop() {
    FaceLikeVectors faces = new FaceLikeVectors(7);
    for (int trial = 0; trial < 50; trial++) {
      float[] a = faces.identity();
      float[] b = faces.view(a);
      assertEquals(Vectors.squareDistance(a, b), Vectors.squareDistance(b, a));
      assertEquals(FaceLikeVectors.squareDistance(a, b), Vectors.squareDistance(a, b), 1e-5);
    }
    assertThrows(
        IllegalArgumentException.class, () -> Vectors.squareDistance(new float[3], new float[4]));
  }

  @Test
  void similarity_mapsDistanceRangeOntoUnitInterval() {
    assertEquals(1f, Vectors.similarity(0f));
    assertEquals(0.5f, Vectors.similarity(2f));
    assertEquals(0f, Vectors.similarity(4f));
  }

  @Test
  void contentHash_dependsOnEveryValue() {
    float[] v = new FaceLikeVectors(3).identity();
    String hash = Vectors.contentHash(v);
    assertEquals(64, hash.length());
    assertEquals(hash, Vectors.contentHash(v.clone()));
    float[] changed = v.clone();
    changed[127] = Math.nextUp(changed[127]);
    assertNotEquals(hash, Vectors.contentHash(changed));
  }
}
