package dev.facesearch.bench.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SyntheticGalleryTest {

  @Test
  void generate_groupsFacesByIdentity_andQueriesEnrolledIdentities() {
    SyntheticGallery g = SyntheticGallery.generate(new FaceLikeModel(), 95, 10, 30, 1);
    assertEquals(95, g.size());
    assertEquals(0, g.faceIdentity()[9]);
    assertEquals(1, g.faceIdentity()[10]);
    // The last identity has the 5 faces left over.
    assertEquals(9, g.faceIdentity()[94]);
    for (int q = 0; q < 30; q++) {
      assertTrue(g.queryIdentity()[q] >= 0 && g.queryIdentity()[q] <= 9);
      for (float[] face : g.faces()) {
        assertTrue(face != g.queries()[q], "a query must be a new photo");
      }
    }
  }

  @Test
  void generate_sameSeed_sameGallery() {
    SyntheticGallery a = SyntheticGallery.generate(new FaceLikeModel(), 50, 5, 5, 9);
    SyntheticGallery b = SyntheticGallery.generate(new FaceLikeModel(), 50, 5, 5, 9);
    assertArrayEquals(a.faces()[49], b.faces()[49]);
    assertArrayEquals(a.queries()[4], b.queries()[4]);
    assertArrayEquals(a.queryIdentity(), b.queryIdentity());
  }

  @Test
  void queries_areNearestToTheirOwnIdentity() {
    SyntheticGallery g = SyntheticGallery.generate(new FaceLikeModel(), 2000, 10, 100, 2);
    int[][] nearest = new int[100][];
    for (int q = 0; q < 100; q++) {
      NearestN best = new NearestN(1);
      for (int f = 0; f < g.size(); f++) {
        best.offer(
            f, org.apache.lucene.util.VectorUtil.squareDistance(g.queries()[q], g.faces()[f]));
      }
      nearest[q] = best.faces();
    }
    // Face-like identities are far apart (squared distance ~2 against ~0.8 within).
    assertEquals(1.0, Quality.top1IdentityRate(g, nearest), 0.0);
  }

  @Test
  void faceOf_readsBackFaceId() {
    SyntheticGallery g = SyntheticGallery.generate(new FaceLikeModel(), 20, 10, 1, 1);
    assertEquals(17, SyntheticGallery.faceOf(g.faceId(17)));
    assertEquals("s1", g.subjectId(17));
  }
}
