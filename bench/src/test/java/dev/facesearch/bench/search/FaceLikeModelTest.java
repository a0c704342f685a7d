package dev.facesearch.bench.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.lucene.util.VectorUtil;
import org.junit.jupiter.api.Test;

class FaceLikeModelTest {
  private final FaceLikeModel model = new FaceLikeModel();

  @Test
  void photo_isUnitLength() {
    Random random = new Random(1);
    float[] identity = model.identity(random);
    assertEquals(1, VectorUtil.dotProduct(identity, identity), 1e-5);
    for (int i = 0; i < 100; i++) {
      float[] photo = model.photo(identity, random);
      assertEquals(128, photo.length);
      assertEquals(1, VectorUtil.dotProduct(photo, photo), 1e-5);
    }
  }

  @Test
  void distances_defaultNoise_haveTheSpreadOfFacePhotos() {
    PairDistances d = PairDistances.sample(model, 4000, 7);
    // The issue asks for about 0.4-0.5 from a photo to its identity.
    assertTrue(d.photoToIdentity() > 0.40 && d.photoToIdentity() < 0.50, "photo-identity " + d);
    // Two photos: two such offsets, nearly orthogonal in 128-D.
    assertTrue(d.sameUnit() > 0.7 && d.sameUnit() < 0.95, "same person " + d);
    // Random unit directions in 128-D are nearly orthogonal: squared distance about 2.
    assertEquals(2.0, d.randomUnit(), 0.05, "random pair " + d);
  }

  @Test
  void identities_areIsotropic() {
    Random random = new Random(3);
    double[] mean = new double[128];
    int n = 5000;
    for (int i = 0; i < n; i++) {
      float[] identity = model.identity(random);
      for (int j = 0; j < mean.length; j++) {
        mean[j] += identity[j] / n;
      }
    }
    // Each component of a uniform unit direction has sd 1/sqrt(128); its mean over n, that/sqrt(n).
    double bound = 5 / Math.sqrt(128.0 * n);
    for (double m : mean) {
      assertTrue(Math.abs(m) < bound, "component mean " + m + " beyond " + bound);
    }
  }
}
