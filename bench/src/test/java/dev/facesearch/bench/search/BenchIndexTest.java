package dev.facesearch.bench.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.lucene.util.VectorUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchIndexTest {
  @TempDir Path folder;

  @Test
  void exactAndFullWidthHnsw_agreeWithBruteForce() throws Exception {
    SyntheticGallery g = SyntheticGallery.generate(new FaceLikeModel(), 600, 6, 20, 5);
    IndexConfig config = new IndexConfig(VectorFormat.FLOAT32, 16, 100);
    try (BenchIndex index = BenchIndex.build(folder, g, config, 2)) {
      assertEquals(1, index.build().segments());
      assertTrue(index.build().disk().rawVectors() >= 600L * 128 * Float.BYTES);
      for (int q = 0; q < 20; q++) {
        float[] query = g.queries()[q];
        NearestN brute = new NearestN(10);
        for (int f = 0; f < g.size(); f++) {
          brute.offer(f, VectorUtil.squareDistance(query, g.faces()[f]));
        }
        assertArrayEquals(brute.faces(), index.exact(query, 10));
        // With k as large as the gallery the graph search visits everything.
        assertArrayEquals(brute.faces(), index.search(query, 600, 10, true));
      }
    }
  }

  @Test
  void quantisedFormats_writeTheirOwnVectorFiles() throws Exception {
    SyntheticGallery g = SyntheticGallery.generate(new FaceLikeModel(), 300, 3, 1, 5);
    try (BenchIndex int8 =
        BenchIndex.build(
            folder.resolve("int8"), g, new IndexConfig(VectorFormat.INT8, 16, 100), 1)) {
      DiskUsage d = int8.build().disk();
      // One byte per dimension plus a float correction: about a quarter of the float32 bytes.
      assertTrue(d.quantizedVectors() < 0.3 * d.rawVectors(), d.toString());
      assertTrue(d.quantizedVectors() > 0.2 * d.rawVectors(), d.toString());
    }
    try (BenchIndex bbq =
        BenchIndex.build(folder.resolve("bbq"), g, new IndexConfig(VectorFormat.BBQ, 16, 100), 1)) {
      DiskUsage d = bbq.build().disk();
      assertTrue(
          d.quantizedVectors() > 0 && d.quantizedVectors() < 0.1 * d.rawVectors(), d.toString());
    }
  }

  @Test
  void nearestN_keepsTheSmallestInOrder() {
    NearestN n = new NearestN(3);
    float[] distances = {5, 1, 4, 2, 3, 0.5f};
    for (int i = 0; i < distances.length; i++) {
      n.offer(i, distances[i]);
    }
    assertArrayEquals(new int[] {5, 1, 3}, n.faces());
  }
}
