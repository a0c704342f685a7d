package dev.facesearch.bench.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EqualRecallTest {
  private static final String ENGINE = "hnswlib HNSW M16 efc100";

  private static List<PeerRow> sweep() {
    // Out of order on purpose: the sweep is read by setting.
    return List.of(
        new PeerRow(ENGINE, "ef", 100, 0.96, 0.72, 2_000),
        new PeerRow(ENGINE, "ef", 10, 0.70, 0.60, 20_000),
        new PeerRow(ENGINE, "ef", 50, 0.90, 0.70, 5_000));
  }

  @Test
  void between_interpolatesLogQpsLinearlyInRecall() {
    EqualRecall.Level level = EqualRecall.at(sweep(), 0.93);
    assertEquals(EqualRecall.How.INTERPOLATED, level.how());
    assertEquals(50, level.below().setting());
    assertEquals(100, level.above().setting());
    // Half way in recall from 0.90 to 0.96: the geometric mean of 5,000 and 2,000.
    assertEquals(Math.sqrt(5_000.0 * 2_000.0), level.qps(), 1e-6);
    assertTrue(level.qps() < 5_000 && level.qps() > 2_000);
    assertEquals(0.71, level.top1(), 1e-12);
  }

  @Test
  void atAMeasuredRecall_givesThatSettingsQps() {
    EqualRecall.Level level = EqualRecall.at(sweep(), 0.96);
    assertEquals(EqualRecall.How.INTERPOLATED, level.how());
    assertEquals(2_000, level.qps(), 1e-6);
  }

  @Test
  void reachedByTheSmallestSetting_isItsQps() {
    EqualRecall.Level level = EqualRecall.at(sweep(), 0.5);
    assertEquals(EqualRecall.How.FIRST_SETTING, level.how());
    assertEquals(10, level.above().setting());
    assertEquals(20_000, level.qps(), 1e-6);
    assertEquals(0.60, level.top1(), 1e-12);
  }

  @Test
  void beyondTheBestRecall_isNotReached() {
    EqualRecall.Level level = EqualRecall.at(sweep(), 0.99);
    assertEquals(EqualRecall.How.NOT_REACHED, level.how());
    assertTrue(Double.isNaN(level.qps()));
    assertTrue(Double.isNaN(level.top1()));
    assertEquals(0.96, level.bestRecall(), 1e-12);
    assertEquals(100, level.above().setting());
  }

  @Test
  void aDipInRecall_isPassedOverForTheFirstSettingThatReaches() {
    List<PeerRow> sweep =
        List.of(
            new PeerRow(ENGINE, "ef", 10, 0.91, 0.6, 10_000),
            new PeerRow(ENGINE, "ef", 20, 0.89, 0.6, 8_000),
            new PeerRow(ENGINE, "ef", 50, 0.95, 0.6, 4_000));
    EqualRecall.Level level = EqualRecall.at(sweep, 0.90);
    assertEquals(EqualRecall.How.FIRST_SETTING, level.how());
    assertEquals(10_000, level.qps(), 1e-6);
    EqualRecall.Level higher = EqualRecall.at(sweep, 0.92);
    assertEquals(20, higher.below().setting());
    assertEquals(50, higher.above().setting());
  }

  @Test
  void anExactScan_meetsEveryTargetAtItsOneQps() {
    List<PeerRow> exact = List.of(new PeerRow("FAISS FlatL2 exact", "ef", 0, 1.0, 0.7, 300));
    for (double target : new double[] {0.5, 0.9, 1.0}) {
      EqualRecall.Level level = EqualRecall.at(exact, target);
      assertEquals(EqualRecall.How.FIRST_SETTING, level.how());
      assertEquals(300, level.qps(), 1e-9);
    }
  }

  @Test
  void rowsOfTwoEngines_areRefused() {
    List<PeerRow> mixed =
        List.of(
            new PeerRow(ENGINE, "ef", 10, 0.7, 0.6, 1),
            new PeerRow("FAISS HNSWFlat M16 efc100", "ef", 10, 0.7, 0.6, 1));
    assertThrows(IllegalArgumentException.class, () -> EqualRecall.at(mixed, 0.5));
    assertThrows(IllegalArgumentException.class, () -> EqualRecall.at(List.of(), 0.5));
  }
}
