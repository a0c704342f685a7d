package dev.facesearch.client.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VerificationMetricsTest {
  private static List<ScoredPair> pairs(double[] matched, double[] mismatched) {
    List<ScoredPair> pairs = new ArrayList<>();
    for (double d : matched) {
      pairs.add(new ScoredPair(d, true));
    }
    for (double d : mismatched) {
      pairs.add(new ScoredPair(d, false));
    }
    // The metrics must not depend on the order of the pairs.
    Collections.shuffle(pairs, new Random(7));
    return pairs;
  }

  private static final List<ScoredPair> SEPARATED =
      pairs(new double[] {0.1, 0.2, 0.3, 0.5}, new double[] {1.0, 1.5, 2.0, 4.0});

  @Test
  void separated_accuracyOneAucOneThresholdInTheGap() {
    double threshold = VerificationMetrics.bestThreshold(SEPARATED);
    assertEquals(0.75, threshold, 1e-12, "the middle of the gap between 0.5 and 1.0");
    assertEquals(1.0, VerificationMetrics.accuracy(SEPARATED, threshold));
    assertEquals(1.0, VerificationMetrics.auc(SEPARATED));
    assertEquals(1.0, VerificationMetrics.tarAtFar(SEPARATED, 0).tar());
    assertEquals(
        List.of(
            new RocPoint(Math.nextDown(0.1), 0, 0), new RocPoint(0.5, 0, 1), new RocPoint(4, 1, 1)),
        VerificationMetrics.roc(SEPARATED));
  }

  @Test
  void reversed_aucZero() {
    List<ScoredPair> reversed = pairs(new double[] {1.0, 1.5, 2.0}, new double[] {0.1, 0.2, 0.3});
    assertEquals(0.0, VerificationMetrics.auc(reversed));
    assertEquals(
        0.5, VerificationMetrics.accuracy(reversed, VerificationMetrics.bestThreshold(reversed)));
  }

  @Test
  void ties_countOneHalf() {
    assertEquals(0.5, VerificationMetrics.auc(pairs(new double[] {0.5}, new double[] {0.5})));
    assertEquals(
        0.875, VerificationMetrics.auc(pairs(new double[] {0.5, 0.1}, new double[] {0.5, 0.6})));
  }

  /**
   * Ten hand-made scores. Sorted: .1m .2m .3m .4n .6m .7n .8n .9m 1.0n 1.2n (m matched, n
   * mismatched). At 0.5: .1 .2 .3 accepted right, .4 accepted wrong, .6 .9 rejected wrong, the
   * other four mismatched rejected right: 7/10. The best is 8/10, cutting after .3 or after .6.
   */
  @Test
  void handMade_knownAccuracyThresholdAndAuc() {
    List<ScoredPair> ten =
        pairs(new double[] {0.1, 0.2, 0.3, 0.6, 0.9}, new double[] {0.4, 0.7, 0.8, 1.0, 1.2});
    assertEquals(0.7, VerificationMetrics.accuracy(ten, 0.5), 1e-12);
    double best = VerificationMetrics.bestThreshold(ten);
    assertEquals(0.8, VerificationMetrics.accuracy(ten, best), 1e-12);
    assertTrue(Math.abs(best - 0.35) < 1e-12 || Math.abs(best - 0.65) < 1e-12, "threshold " + best);
    // Matched pairs beaten by mismatched ones: 5 + 5 + 5 + 4 + 2 of 25.
    assertEquals(21 / 25.0, VerificationMetrics.auc(ten), 1e-12);
  }

  @Test
  void tarAtFar_largestThresholdWithinTheAllowedFalseAccepts() {
    List<ScoredPair> scores =
        pairs(
            new double[] {0.1, 0.2, 0.3, 0.4, 0.5},
            new double[] {0.25, 0.45, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3});
    TarAtFar two = VerificationMetrics.tarAtFar(scores, 0.2);
    assertEquals(2, two.allowedFalseAccepts());
    assertEquals(2, two.falseAccepts());
    assertEquals(1.0, two.tar());
    assertEquals(0.55, two.threshold(), 1e-12);
    TarAtFar one = VerificationMetrics.tarAtFar(scores, 0.1);
    assertEquals(0.8, one.tar(), 1e-12);
    assertEquals(0.1, one.far(), 1e-12);
    assertEquals(0.425, one.threshold(), 1e-12);
    // 0.05 * 10 = 0.5 false accepts: none allowed, the threshold stays below 0.25.
    TarAtFar none = VerificationMetrics.tarAtFar(scores, 0.05);
    assertEquals(0, none.allowedFalseAccepts());
    assertEquals(0.4, none.tar(), 1e-12);
    assertEquals(0.0, none.far());
  }

  @Test
  void tarAtFar_oneInAThousandOfThreeThousandAllowsThree() {
    List<ScoredPair> scores = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      // Impostors at 1 + i/3000; a genuine pair just after each, and 100 far nearer.
      scores.add(new ScoredPair(1 + i / 3000.0, false));
      scores.add(new ScoredPair(1 + (i + 0.25) / 3000, true));
    }
    for (int i = 0; i < 100; i++) {
      scores.add(new ScoredPair(0.5, true));
    }
    TarAtFar tar = VerificationMetrics.tarAtFar(scores, 1e-3);
    assertEquals(3, tar.allowedFalseAccepts());
    assertEquals(3, tar.falseAccepts());
    assertEquals(1e-3, tar.far(), 1e-12);
    // The threshold falls between the third and fourth impostors, so the 100 near genuine pairs
    // and the three that follow the first three impostors are accepted.
    assertTrue(tar.threshold() > 1 + 2.25 / 3000 && tar.threshold() < 1 + 3 / 3000.0);
    assertEquals(103 / 3100.0, tar.tar(), 1e-12);
  }

  @Test
  void roc_runsFromOriginToOneOneAndNeverDecreases() {
    Random random = new Random(11);
    List<ScoredPair> scores = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      scores.add(new ScoredPair(Math.round(random.nextGaussian() * 20 + 40) / 100.0, true));
      scores.add(new ScoredPair(Math.round(random.nextGaussian() * 20 + 90) / 100.0, false));
    }
    List<RocPoint> roc = VerificationMetrics.roc(scores);
    assertEquals(0.0, roc.getFirst().far());
    assertEquals(0.0, roc.getFirst().tar());
    assertEquals(1.0, roc.getLast().far());
    assertEquals(1.0, roc.getLast().tar());
    for (int i = 1; i < roc.size(); i++) {
      assertTrue(roc.get(i).far() >= roc.get(i - 1).far());
      assertTrue(roc.get(i).tar() >= roc.get(i - 1).tar());
      assertTrue(roc.get(i).threshold() > roc.get(i - 1).threshold());
    }
    // The area under the corners, by trapezoids, is the Mann-Whitney AUC.
    double area = 0;
    for (int i = 1; i < roc.size(); i++) {
      area +=
          (roc.get(i).far() - roc.get(i - 1).far()) * (roc.get(i).tar() + roc.get(i - 1).tar()) / 2;
    }
    assertEquals(VerificationMetrics.auc(scores), area, 1e-9);
  }

  @Test
  void oneKindOnly_isRefused() {
    List<ScoredPair> matchedOnly = pairs(new double[] {0.1, 0.2}, new double[] {});
    assertThrows(IllegalArgumentException.class, () -> VerificationMetrics.auc(matchedOnly));
    assertThrows(IllegalArgumentException.class, () -> VerificationMetrics.accuracy(List.of(), 1));
  }
}
