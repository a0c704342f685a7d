package dev.facesearch.client.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Accuracy, best threshold, ROC curve, its area and TAR at a fixed FAR, of scored pairs.
 *
 * <p>A pair is accepted (called "same person") when its distance is at most the threshold. All
 * methods sort the distances once and sweep the threshold upwards over the distinct distances, so
 * pairs at equal distances are always accepted together.
 */
public final class VerificationMetrics {
  private VerificationMetrics() {}

  /** The fraction of pairs decided right at a threshold. */
  public static double accuracy(List<ScoredPair> pairs, double threshold) {
    requirePairs(pairs);
    long right = 0;
    for (ScoredPair pair : pairs) {
      if ((pair.distance() <= threshold) == pair.same()) {
        right++;
      }
    }
    return right / (double) pairs.size();
  }

  /**
   * The threshold of highest accuracy. Thresholds between two neighbouring distances all decide
   * alike, so the candidates are the midpoints between distinct distances, plus "accept nothing"
   * and "accept everything". Of several equally accurate cuts, the middle one (by rank) is taken,
   * away from the ends of the plateau.
   */
  public static double bestThreshold(List<ScoredPair> pairs) {
    Sweep sweep = new Sweep(pairs);
    long best = -1;
    List<Integer> bestCuts = new ArrayList<>();
    // Cut c accepts the groups 0..c-1; cut 0 accepts nothing.
    for (int cut = 0; cut <= sweep.groups(); cut++) {
      long right = sweep.sameAccepted(cut) + (sweep.different() - sweep.differentAccepted(cut));
      if (right > best) {
        best = right;
        bestCuts.clear();
      }
      if (right == best) {
        bestCuts.add(cut);
      }
    }
    return sweep.threshold(bestCuts.get((bestCuts.size() - 1) / 2));
  }

  /**
   * The area under the ROC curve: the probability that a random mismatched pair is farther apart
   * than a random matched pair, ties counting one half (the Mann-Whitney statistic). 1 when every
   * matched pair is nearer than every mismatched one, 0 when the reverse.
   */
  public static double auc(List<ScoredPair> pairs) {
    Sweep sweep = new Sweep(pairs);
    sweep.requireBothKinds();
    double wins = 0;
    for (int g = 0; g < sweep.groups(); g++) {
      long same = sweep.sameAccepted(g + 1) - sweep.sameAccepted(g);
      long different = sweep.differentAccepted(g + 1) - sweep.differentAccepted(g);
      long differentFarther = sweep.different() - sweep.differentAccepted(g + 1);
      wins += same * (double) differentFarther + 0.5 * same * (double) different;
    }
    return wins / ((double) sweep.same() * sweep.different());
  }

  /**
   * The ROC curve, from (0, 0) (accept nothing) to (1, 1), by increasing threshold. The curve is a
   * staircase; only its corners are returned, since the points between two corners lie on the
   * straight line joining them.
   */
  public static List<RocPoint> roc(List<ScoredPair> pairs) {
    Sweep sweep = new Sweep(pairs);
    sweep.requireBothKinds();
    List<RocPoint> all = new ArrayList<>();
    for (int cut = 0; cut <= sweep.groups(); cut++) {
      all.add(
          new RocPoint(
              cut == 0 ? sweep.threshold(0) : sweep.distance(cut - 1),
              sweep.differentAccepted(cut) / (double) sweep.different(),
              sweep.sameAccepted(cut) / (double) sweep.same()));
    }
    List<RocPoint> corners = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (i > 0 && i < all.size() - 1) {
        RocPoint before = all.get(i - 1);
        RocPoint point = all.get(i);
        RocPoint after = all.get(i + 1);
        boolean vertical = before.far() == point.far() && point.far() == after.far();
        boolean horizontal = before.tar() == point.tar() && point.tar() == after.tar();
        if (vertical || horizontal) {
          continue;
        }
      }
      corners.add(all.get(i));
    }
    return corners;
  }

  /** The true accept rate at a false accept rate, as {@link TarAtFar} defines it. */
  public static TarAtFar tarAtFar(List<ScoredPair> pairs, double targetFar) {
    if (!(targetFar >= 0 && targetFar <= 1)) {
      throw new IllegalArgumentException("FAR must be in [0, 1]: " + targetFar);
    }
    Sweep sweep = new Sweep(pairs);
    sweep.requireBothKinds();
    // The small epsilon keeps 1e-3 * 3000 = 2.9999999999999996 from flooring to 2.
    long allowed = (long) Math.floor(targetFar * sweep.different() + 1e-9);
    int cut = 0;
    while (cut < sweep.groups() && sweep.differentAccepted(cut + 1) <= allowed) {
      cut++;
    }
    return new TarAtFar(
        targetFar,
        allowed,
        sweep.threshold(cut),
        sweep.sameAccepted(cut) / (double) sweep.same(),
        sweep.differentAccepted(cut) / (double) sweep.different(),
        sweep.differentAccepted(cut));
  }

  private static void requirePairs(List<ScoredPair> pairs) {
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("no pairs");
    }
  }

  /** The pairs sorted by distance, grouped by distinct distance, with running counts. */
  private static final class Sweep {
    private final double[] distances;
    // Index c: how many pairs of the groups 0..c-1 there are; index 0 is 0.
    private final long[] sameAccepted;
    private final long[] differentAccepted;

    Sweep(List<ScoredPair> pairs) {
      requirePairs(pairs);
      ScoredPair[] sorted = pairs.toArray(ScoredPair[]::new);
      Arrays.sort(sorted, Comparator.comparingDouble(ScoredPair::distance));
      double[] distances = new double[sorted.length];
      long[] same = new long[sorted.length + 1];
      long[] different = new long[sorted.length + 1];
      int groups = 0;
      for (int i = 0; i < sorted.length; i++) {
        if (i == 0 || sorted[i].distance() != sorted[i - 1].distance()) {
          distances[groups] = sorted[i].distance();
          same[groups + 1] = same[groups];
          different[groups + 1] = different[groups];
          groups++;
        }
        if (sorted[i].same()) {
          same[groups]++;
        } else {
          different[groups]++;
        }
      }
      this.distances = Arrays.copyOf(distances, groups);
      this.sameAccepted = Arrays.copyOf(same, groups + 1);
      this.differentAccepted = Arrays.copyOf(different, groups + 1);
    }

    int groups() {
      return distances.length;
    }

    double distance(int group) {
      return distances[group];
    }

    long same() {
      return sameAccepted[groups()];
    }

    long different() {
      return differentAccepted[groups()];
    }

    long sameAccepted(int cut) {
      return sameAccepted[cut];
    }

    long differentAccepted(int cut) {
      return differentAccepted[cut];
    }

    /** A threshold accepting exactly the groups before the cut. */
    double threshold(int cut) {
      if (cut == 0) {
        return Math.nextDown(distances[0]);
      }
      if (cut == groups()) {
        return distances[groups() - 1];
      }
      double low = distances[cut - 1];
      double high = distances[cut];
      double middle = low + (high - low) / 2;
      // Between two adjacent doubles the midpoint rounds to one of them; it must not accept high.
      return middle < high ? middle : low;
    }

    void requireBothKinds() {
      if (same() == 0 || different() == 0) {
        throw new IllegalArgumentException(
            "needs both matched and mismatched pairs, got "
                + same()
                + " matched and "
                + different()
                + " mismatched");
      }
    }
  }
}
