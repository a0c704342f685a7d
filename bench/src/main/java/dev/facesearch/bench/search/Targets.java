package dev.facesearch.bench.search;

import dev.facesearch.bench.MarkdownTable;
import java.io.PrintStream;
import java.util.List;

/**
 * The targets, each checked as a ratio (or a difference) of two figures of the same run:
 * HNSW against the exact scan, int8 against float32.
 */
final class Targets {
  /** The size the HNSW targets are stated for; smaller galleries are checked for information. */
  static final int STATED_FACES = 1_000_000;

  private final MarkdownTable table =
      new MarkdownTable("target", "data", "faces", "measured", "ratio or loss", "limit", "result");
  private final MarkdownTable byK;
  private final List<Integer> threads;
  private int checked;
  private int missed;

  /** Targets checked at each of these search thread counts (the order of every QPS array). */
  Targets(List<Integer> threads) {
    this.threads = threads;
    String[] header = new String[4 + threads.size() + 1];
    header[0] = "data";
    header[1] = "faces";
    header[2] = "k";
    header[3] = "top-1 / exact";
    for (int t = 0; t < threads.size(); t++) {
      header[4 + t] = "QPS / exact " + threads.get(t) + "t";
    }
    header[header.length - 1] = "both HNSW targets";
    byK = new MarkdownTable(header);
  }

  void check(GalleryBench.Result result) {
    SyntheticGallery gallery = result.gallery();
    String base = SearchPlan.baseLabel(VectorFormat.FLOAT32);
    String int8 = SearchPlan.baseLabel(VectorFormat.INT8);
    GalleryBench.Row hnsw = result.row(base, SearchPlan.TARGET_K);
    GalleryBench.Row exact = result.exact();
    String where =
        String.format("M%d b%d k%d", SearchPlan.BASE_M, SearchPlan.BASE_BEAM, SearchPlan.TARGET_K);
    for (GalleryBench.Row row : result.rows()) {
      if (row.label().equals(base)) {
        addByK(gallery, row, exact);
      }
    }
    if (hnsw != null) {
      atLeast(
          gallery,
          "HNSW top-1 identity >= 0.995 x exact (float32 " + where + ")",
          String.format("%.4f vs %.4f", hnsw.top1(), exact.top1()),
          hnsw.top1() / exact.top1(),
          0.995);
      for (int t = 0; t < hnsw.qps().length; t++) {
        atLeast(
            gallery,
            "HNSW QPS >= 50 x exact (float32 "
                + where
                + ", "
                + threads.get(t)
                + (threads.get(t) == 1 ? " thread)" : " threads)"),
            String.format("%.1f vs %.2f", hnsw.qps()[t], exact.qps()[t]),
            hnsw.qps()[t] / exact.qps()[t],
            50);
      }
    }
    GalleryBench.Row quantised = result.row(int8, SearchPlan.TARGET_K);
    BenchIndex.Build floatBuild = result.builds().get(base);
    BenchIndex.Build int8Build = result.builds().get(int8);
    if (floatBuild != null && int8Build != null) {
      long q = int8Build.disk().quantizedVectors();
      long f = floatBuild.disk().rawVectors();
      atMost(
          gallery,
          "int8 quantised vector bytes <= 0.3 x float32 vector bytes",
          MarkdownTable.mb(q) + " vs " + MarkdownTable.mb(f) + " MB",
          q / (double) f,
          0.3);
    }
    if (hnsw != null && quantised != null) {
      atMost(
          gallery,
          "int8 top-1 identity loss <= 0.002 vs float32 (" + where + ")",
          String.format("%.4f vs %.4f", quantised.top1(), hnsw.top1()),
          hnsw.top1() - quantised.top1(),
          0.002);
      atMost(
          gallery,
          "int8 recall@10 loss <= 0.02 vs float32 (" + where + ")",
          String.format("%.4f vs %.4f", quantised.recall(), hnsw.recall()),
          hnsw.recall() - quantised.recall(),
          0.02);
    }
  }

  /** Where the HNSW targets hold at each k: the candidate count trades QPS for top-1. */
  private void addByK(SyntheticGallery g, GalleryBench.Row row, GalleryBench.Row exact) {
    Object[] cells = new Object[4 + threads.size() + 1];
    cells[0] = g.model().name();
    cells[1] = String.format("%,d", g.size());
    cells[2] = row.k();
    double top1 = row.top1() / exact.top1();
    cells[3] = String.format("%.4f", top1);
    boolean pass = top1 >= 0.995;
    for (int t = 0; t < threads.size(); t++) {
      double ratio = row.qps()[t] / exact.qps()[t];
      cells[4 + t] = String.format("%.1f", ratio);
      pass &= ratio >= 50;
    }
    cells[cells.length - 1] = pass ? "PASS" : "MISS";
    byK.row(cells);
  }

  private void atLeast(
      SyntheticGallery g, String name, String measured, double ratio, double limit) {
    add(g, name, measured, ratio, ">= " + limit, ratio >= limit);
  }

  private void atMost(
      SyntheticGallery g, String name, String measured, double value, double limit) {
    add(g, name, measured, value, "<= " + limit, value <= limit);
  }

  private void add(
      SyntheticGallery g, String name, String measured, double value, String limit, boolean pass) {
    checked++;
    if (!pass) {
      missed++;
    }
    String faces = String.format("%,d%s", g.size(), g.size() == STATED_FACES ? "" : " (info)");
    table.row(
        name,
        g.model().name(),
        faces,
        measured,
        String.format("%.4f", value),
        limit,
        pass ? "PASS" : "MISS");
  }

  void print(PrintStream out) {
    out.println("## Targets");
    out.println();
    out.println("HNSW targets are stated for 1M faces; rows at other sizes are for information.");
    out.println();
    table.print(out);
    out.printf("%d checked, %d missed.%n%n", checked, missed);
    out.printf(
        "HNSW targets (top-1 >= 0.995 x exact and QPS >= 50 x exact) at each k, float32 M%d b%d:%n%n",
        SearchPlan.BASE_M, SearchPlan.BASE_BEAM);
    byK.print(out);
  }
}
