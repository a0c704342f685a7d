package dev.facesearch.client.evaluate;

import java.util.ArrayList;
import java.util.List;

/**
 * LFW's k-fold protocol: each fold is scored with the threshold of highest accuracy on the other
 * folds, so no fold's accuracy comes from a threshold tuned on it.
 *
 * <p>With a single fold (LFW's "View 1" files) there is nothing else to tune on: the threshold is
 * chosen on the fold itself and the accuracy is optimistic, which {@link Result#selfTuned} says.
 */
public final class CrossValidation {
  private CrossValidation() {}

  /**
   * The outcome of one fold.
   *
   * @param fold its index, from 0
   * @param threshold the threshold chosen on the other folds
   * @param accuracy this fold's accuracy at that threshold
   * @param pairs this fold's pairs
   */
  public record Fold(int fold, double threshold, double accuracy, int pairs) {}

  /**
   * The outcome of all folds.
   *
   * @param folds one per fold, in order
   * @param meanAccuracy the mean of the fold accuracies
   * @param stdAccuracy their sample standard deviation (n - 1)
   * @param standardError stdAccuracy / sqrt(folds)
   * @param meanThreshold the mean of the fold thresholds
   * @param selfTuned true when there was one fold, tuned on itself
   */
  public record Result(
      List<Fold> folds,
      double meanAccuracy,
      double stdAccuracy,
      double standardError,
      double meanThreshold,
      boolean selfTuned) {}

  /** Scores each fold with the best threshold of the others. */
  public static Result run(List<List<ScoredPair>> folds) {
    if (folds.isEmpty()) {
      throw new IllegalArgumentException("no folds");
    }
    List<Fold> results = new ArrayList<>();
    for (int k = 0; k < folds.size(); k++) {
      List<ScoredPair> test = folds.get(k);
      if (test.isEmpty()) {
        throw new IllegalArgumentException("fold " + (k + 1) + " has no pairs");
      }
      List<ScoredPair> train = new ArrayList<>();
      for (int other = 0; other < folds.size(); other++) {
        if (other != k || folds.size() == 1) {
          train.addAll(folds.get(other));
        }
      }
      double threshold = VerificationMetrics.bestThreshold(train);
      results.add(
          new Fold(k, threshold, VerificationMetrics.accuracy(test, threshold), test.size()));
    }
    double[] accuracies = results.stream().mapToDouble(Fold::accuracy).toArray();
    double[] thresholds = results.stream().mapToDouble(Fold::threshold).toArray();
    return new Result(
        List.copyOf(results),
        Statistics.mean(accuracies),
        Statistics.sampleStd(accuracies),
        Statistics.standardError(accuracies),
        Statistics.mean(thresholds),
        folds.size() == 1);
  }
}
