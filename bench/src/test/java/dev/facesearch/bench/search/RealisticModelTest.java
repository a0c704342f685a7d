package dev.facesearch.bench.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.apache.lucene.util.VectorUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Realistic data against the real embeddings' statistics; skipped without the shared data. */
class RealisticModelTest {
  private static EmbeddingStats stats;

  @BeforeAll
  static void readStats() throws Exception {
    Optional<Path> file = EmbeddingStats.find();
    assumeTrue(file.isPresent(), "no shared embedding statistics beside the project");
    stats = EmbeddingStats.read(file.get());
  }

  @Test
  void read_statistics_haveConsistentShapes() {
    assertEquals(128, stats.mean().length);
    assertEquals(128, stats.betweenCovariance().length);
    assertEquals(128, stats.withinCovariance()[0].length);
    assertTrue(stats.sameMedian() < stats.randomMedian());
  }

  @Test
  void photo_isUnitLength() {
    RealisticModel model = RealisticModel.fitted(stats);
    Random random = new Random(2);
    float[] identity = model.identity(random);
    for (int i = 0; i < 50; i++) {
      float[] photo = model.photo(identity, random);
      assertEquals(1, VectorUtil.dotProduct(photo, photo), 1e-5);
    }
  }

  @Test
  void asGiven_samePersonMatches_randomPairsTooFarApart() {
    PairDistances d = PairDistances.sample(RealisticModel.asGiven(stats), 4000, 3);
    assertEquals(stats.sameMedian(), d.sameRaw(), 0.1 * stats.sameMedian(), "same person " + d);
    // The file's between covariance holds photo noise too (see RealisticModel): 0.60, not 0.44.
    assertTrue(d.randomRaw() > 1.2 * stats.randomMedian(), "random pair " + d);
  }

  @Test
  void fitted_matchesTheRealMediansAndNorm() {
    RealisticModel model = RealisticModel.fitted(stats);
    PairDistances d = PairDistances.sample(model, 4000, 4);
    assertEquals(stats.sameMedian(), d.sameRaw(), 0.1 * stats.sameMedian(), "same person " + d);
    assertEquals(
        stats.randomMedian(), d.randomRaw(), 0.05 * stats.randomMedian(), "random pair " + d);
    // Not fitted, so an independent check: the length of real embeddings.
    assertEquals(stats.normMean(), d.rawNorm(), 0.03 * stats.normMean(), "norm " + d);
    // About E[1/n] over the people of the statistics, most of whom have one photo.
    assertTrue(
        model.withinShare() > 0.5 && model.withinShare() < 1, "share " + model.withinShare());
  }
}
