package dev.facesearch.bench.search;

import java.util.Comparator;
import java.util.List;

/**
 * An engine's throughput at a given recall@10, read off its sweep of search settings: engines are
 * compared at equal quality, not at equal parameter values, since one library's ef 100 is not
 * another's.
 *
 * <p>The first setting (in increasing order) whose recall reaches the target decides. If the one
 * below it falls short, QPS is interpolated between the two, geometrically (log QPS linear in
 * recall), because QPS falls by a roughly constant factor per step of recall along a sweep while
 * varying over an order of magnitude. If the smallest setting already reaches the target, its QPS
 * is a lower bound (a smaller setting might reach it faster); if none does, there is no figure. The
 * top-1 identity rate at the target is interpolated the same way, linearly.
 */
final class EqualRecall {
  private EqualRecall() {}

  /** How an engine's sweep meets a recall target. */
  enum How {
    /** Between two settings; QPS interpolated. */
    INTERPOLATED,
    /** At the sweep's first setting (or an exact scan's only one); QPS a lower bound. */
    FIRST_SETTING,
    /** No setting reached the target; QPS is NaN. */
    NOT_REACHED
  }

  /**
   * The engine's QPS at one recall target.
   *
   * @param engine the engine
   * @param target the recall@10 asked for
   * @param qps queries per second at that recall, NaN if not reached
   * @param top1 the top-1 identity rate there, interpolated linearly, NaN if not reached
   * @param how how the figure was found
   * @param below the setting below the target (interpolated only), else the deciding one
   * @param above the first setting reaching the target; for NOT_REACHED the one of best recall
   * @param bestRecall the highest recall of the sweep
   */
  record Level(
      String engine,
      double target,
      double qps,
      double top1,
      How how,
      PeerRow below,
      PeerRow above,
      double bestRecall) {}

  /** The QPS of one engine's sweep (rows of one engine, any order) at a recall target. */
  static Level at(List<PeerRow> sweep, double target) {
    if (sweep.isEmpty()) {
      throw new IllegalArgumentException("no rows to compare");
    }
    String engine = sweep.getFirst().engine();
    for (PeerRow row : sweep) {
      if (!row.engine().equals(engine)) {
        throw new IllegalArgumentException("rows of " + engine + " and " + row.engine());
      }
    }
    List<PeerRow> sorted =
        sweep.stream().sorted(Comparator.comparingInt(PeerRow::setting)).toList();
    double best = sorted.stream().mapToDouble(PeerRow::recall).max().orElseThrow();
    for (int i = 0; i < sorted.size(); i++) {
      PeerRow above = sorted.get(i);
      if (above.recall() < target) {
        continue;
      }
      if (i == 0) {
        return new Level(
            engine, target, above.qps(), above.top1(), How.FIRST_SETTING, above, above, best);
      }
      PeerRow below = sorted.get(i - 1);
      // below.recall() < target <= above.recall(): t is in (0, 1].
      double t = (target - below.recall()) / (above.recall() - below.recall());
      double logQps = Math.log(below.qps()) + t * (Math.log(above.qps()) - Math.log(below.qps()));
      double top1 = below.top1() + t * (above.top1() - below.top1());
      return new Level(
          engine, target, Math.exp(logQps), top1, How.INTERPOLATED, below, above, best);
    }
    PeerRow bestRow =
        sorted.stream().max(Comparator.comparingDouble(PeerRow::recall)).orElseThrow();
    return new Level(
        engine, target, Double.NaN, Double.NaN, How.NOT_REACHED, bestRow, bestRow, best);
  }
}
