package dev.facesearch.bench.search;

import dev.facesearch.bench.MarkdownTable;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The peers' tables: every engine at every setting, then each engine's QPS at equal recall@10
 * ({@link EqualRecall}) with its ratio to hnswlib's.
 */
final class PeerTables {
  /** The engine the ratios are taken against. */
  static final String REFERENCE = "hnswlib";

  private final List<PeerRow> rows;
  private final List<Double> targets;

  PeerTables(List<PeerRow> rows, List<Double> targets) {
    this.rows = List.copyOf(rows);
    this.targets = List.copyOf(targets);
  }

  void print(PrintStream out) {
    MarkdownTable all =
        new MarkdownTable("engine", "setting", "recall@10", "top-1 id", "QPS 1t", "us/query");
    for (PeerRow row : rows) {
      all.row(
          row.engine(),
          row.settingText(),
          fixed(row.recall()),
          fixed(row.top1()),
          qps(row.qps()),
          MarkdownTable.number(1e6 / row.qps()));
    }
    all.print(out);

    out.printf(
        "At equal recall@10: each engine's QPS at the first setting reaching the target,"
            + " interpolated (log QPS linear in recall) from the setting below; '>=' where the"
            + " smallest setting tried already reaches it; top-1 interpolated linearly. Ratios"
            + " against %s.%n%n",
        REFERENCE);
    MarkdownTable equal =
        new MarkdownTable(
            "recall@10", "engine", "reached at", "top-1 id", "QPS 1t", "x " + REFERENCE);
    for (double target : targets) {
      Map<String, EqualRecall.Level> levels = levels(target);
      Optional<EqualRecall.Level> reference =
          levels.values().stream().filter(l -> l.engine().startsWith(REFERENCE)).findFirst();
      for (EqualRecall.Level level : levels.values()) {
        equal.row(
            MarkdownTable.fixed(target, 2),
            level.engine(),
            where(level),
            fixed(level.top1()),
            level.how() == EqualRecall.How.FIRST_SETTING && level.above().setting() != 0
                ? ">= " + qps(level.qps())
                : qps(level.qps()),
            reference.map(r -> ratio(level.qps(), r.qps())).orElse("-"));
      }
    }
    equal.print(out);
  }

  /** Each engine's level at a target, engines in the order of their first row. */
  Map<String, EqualRecall.Level> levels(double target) {
    Map<String, List<PeerRow>> byEngine = new LinkedHashMap<>();
    for (PeerRow row : rows) {
      byEngine.computeIfAbsent(row.engine(), e -> new java.util.ArrayList<>()).add(row);
    }
    Map<String, EqualRecall.Level> levels = new LinkedHashMap<>();
    byEngine.forEach((engine, sweep) -> levels.put(engine, EqualRecall.at(sweep, target)));
    return levels;
  }

  private static String where(EqualRecall.Level level) {
    return switch (level.how()) {
      case INTERPOLATED ->
          level.below().settingText()
              + " .. "
              + level.above().setting()
              + String.format(
                  java.util.Locale.ROOT,
                  " (%.3f .. %.3f)",
                  level.below().recall(),
                  level.above().recall());
      case FIRST_SETTING ->
          level.above().setting() == 0
              ? "exact"
              : level.above().settingText() + ", the smallest tried";
      case NOT_REACHED ->
          String.format(
              java.util.Locale.ROOT,
              "not reached (best %.3f at %s)",
              level.bestRecall(),
              level.above().settingText());
    };
  }

  private static String ratio(double qps, double reference) {
    return Double.isNaN(qps) || Double.isNaN(reference)
        ? "-"
        : MarkdownTable.fixed(qps / reference, 2);
  }

  private static String qps(double value) {
    return MarkdownTable.number(value);
  }

  private static String fixed(double value) {
    return MarkdownTable.fixed(value, 4);
  }
}
