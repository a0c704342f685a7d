package dev.facesearch.client.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrossValidationTest {
  private static List<ScoredPair> fold(double matched, double mismatched, int each) {
    List<ScoredPair> fold = new ArrayList<>();
    for (int i = 0; i < each; i++) {
      fold.add(new ScoredPair(matched, true));
      fold.add(new ScoredPair(mismatched, false));
    }
    return fold;
  }

  /**
   * Fold 1 separates at 2.0 (matched 1.5, mismatched 2.5); the other nine at 0.5 (0.1 / 0.9). Fold
   * 1 must get the others' threshold, which rejects all its pairs: accuracy 0.5, not 1.
   */
  @Test
  void eachFold_getsTheThresholdOfTheOthers() {
    List<List<ScoredPair>> folds = new ArrayList<>();
    folds.add(fold(1.5, 2.5, 5));
    for (int k = 1; k < 10; k++) {
      folds.add(fold(0.1, 0.9, 5));
    }
    assertEquals(2.0, VerificationMetrics.bestThreshold(folds.getFirst()), 1e-12);

    CrossValidation.Result result = CrossValidation.run(folds);
    assertEquals(10, result.folds().size());
    CrossValidation.Fold first = result.folds().getFirst();
    assertTrue(first.threshold() > 0.1 && first.threshold() < 0.9, "got " + first.threshold());
    assertEquals(0.5, first.accuracy());
    for (CrossValidation.Fold other : result.folds().subList(1, 10)) {
      assertEquals(1.0, other.accuracy());
      assertEquals(10, other.pairs());
    }
    assertEquals(0.95, result.meanAccuracy(), 1e-12);
    double[] accuracies = {0.5, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    assertEquals(Statistics.sampleStd(accuracies), result.stdAccuracy(), 1e-12);
    assertEquals(result.stdAccuracy() / Math.sqrt(10), result.standardError(), 1e-12);
    assertTrue(!result.selfTuned());
  }

  @Test
  void std_isTheSampleStandardDeviation() {
    double[] values = {1, 2, 3, 4};
    assertEquals(2.5, Statistics.mean(values));
    // Squares 2.25 + 0.25 + 0.25 + 2.25 = 5, over n - 1 = 3.
    assertEquals(Math.sqrt(5 / 3.0), Statistics.sampleStd(values), 1e-12);
    assertEquals(Math.sqrt(5 / 3.0) / 2, Statistics.standardError(values), 1e-12);
    assertEquals(0.0, Statistics.sampleStd(new double[] {0.7}));
  }

  @Test
  void oneFold_isTunedOnItselfAndSaysSo() {
    CrossValidation.Result result = CrossValidation.run(List.of(fold(0.2, 0.8, 3)));
    assertTrue(result.selfTuned());
    assertEquals(1.0, result.meanAccuracy());
    assertEquals(0.5, result.meanThreshold(), 1e-12);
  }
}
