package dev.facesearch.bench.search;

import dev.facesearch.bench.MarkdownTable;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** The tables of one gallery's results: search quality and speed, builds, the server's path. */
final class ResultTables {
  private final SearchPlan plan;
  private final GalleryBench.Result result;

  ResultTables(SearchPlan plan, GalleryBench.Result result) {
    this.plan = plan;
    this.result = result;
  }

  void print(PrintStream out) {
    SyntheticGallery g = result.gallery();
    out.printf(
        "### %s, %,d faces (%,d identities), %,d queries%n%n",
        g.model().name(), g.size(), g.identityCount(), g.queries().length);
    printSearch(out);
    printBuilds(out);
    if (!result.product().isEmpty()) {
      printProduct(out);
    }
  }

  private void printSearch(PrintStream out) {
    MarkdownTable table =
        new MarkdownTable(
            header("x exact", "index", "k", "top-1 id", "recall@10", "recall@10 graph order"));
    GalleryBench.Row exact = result.exact();
    table.row(cells(exact, exact, exact.label(), "-", fixed(exact.top1()), "1", "-"));
    for (GalleryBench.Row row : result.rows()) {
      table.row(
          cells(
              row,
              exact,
              row.label(),
              Integer.toString(row.k()),
              fixed(row.top1()),
              fixed(row.recall()),
              fixed(row.recallUnrescored())));
    }
    table.print(out);
  }

  private void printBuilds(PrintStream out) {
    MarkdownTable table =
        new MarkdownTable(
            "index",
            "build s",
            ".vec MB",
            ".veq/.veb MB",
            ".vex MB",
            "rest MB",
            "total MB",
            "heap MB",
            "quantised / float32 vectors");
    for (Map.Entry<String, BenchIndex.Build> entry : result.builds().entrySet()) {
      BenchIndex.Build b = entry.getValue();
      DiskUsage d = b.disk();
      table.row(
          entry.getKey(),
          MarkdownTable.fixed(b.seconds(), 1),
          MarkdownTable.mb(d.rawVectors()),
          MarkdownTable.mb(d.quantizedVectors()),
          MarkdownTable.mb(d.graph()),
          MarkdownTable.mb(d.rest()),
          MarkdownTable.mb(d.total()),
          MarkdownTable.mb(b.heapBytes()),
          d.quantizedVectors() == 0
              ? "-"
              // Every format keeps the same float32 vectors, so its own .vec is the float32 size.
              : MarkdownTable.fixed(d.quantizedVectors() / (double) d.rawVectors(), 3));
    }
    table.print(out);
  }

  private void printProduct(PrintStream out) {
    out.printf(
        "Server path (LuceneGallery via Gallery.nearestSubjects, 10 subjects, default settings): %s."
            + " Ratios against the LuceneGallery exact scan.%n%n",
        result.productNote());
    List<GalleryBench.Row> product = result.product();
    GalleryBench.Row productExact = product.getLast();
    MarkdownTable table =
        new MarkdownTable(
            header(
                "x gallery exact", "path", "k", "top-1 id", "subject recall@10 vs gallery exact"));
    for (GalleryBench.Row row : product) {
      String k = row.k() == 0 ? "-" : Integer.toString(row.k());
      table.row(cells(row, productExact, row.label(), k, fixed(row.top1()), fixed(row.recall())));
    }
    GalleryBench.Row raw =
        result.row(SearchPlan.baseLabel(VectorFormat.FLOAT32), SearchPlan.TARGET_K);
    for (GalleryBench.Row row : new GalleryBench.Row[] {raw, result.exact()}) {
      if (row != null) {
        String k = row.k() == 0 ? "-" : Integer.toString(row.k());
        table.row(
            cells(
                row,
                productExact,
                "raw Lucene " + row.label() + " (above)",
                k,
                fixed(row.top1()),
                "-"));
      }
    }
    table.print(out);
  }

  /** The given columns, then QPS and its ratio to a baseline at each thread count. */
  private String[] header(String ratio, String... first) {
    List<Integer> threads = plan.threads();
    String[] header = new String[first.length + 2 * threads.size()];
    System.arraycopy(first, 0, header, 0, first.length);
    for (int t = 0; t < threads.size(); t++) {
      header[first.length + t] = "QPS " + threads.get(t) + "t";
      header[first.length + threads.size() + t] = ratio + " " + threads.get(t) + "t";
    }
    return header;
  }

  private static Object[] cells(GalleryBench.Row row, GalleryBench.Row baseline, String... first) {
    double[] qps = row.qps();
    Object[] cells = new Object[first.length + 2 * qps.length];
    System.arraycopy(first, 0, cells, 0, first.length);
    for (int t = 0; t < qps.length; t++) {
      cells[first.length + t] = MarkdownTable.fixed(qps[t], qps[t] < 100 ? 1 : 0);
      cells[first.length + qps.length + t] = MarkdownTable.fixed(qps[t] / baseline.qps()[t], 1);
    }
    return cells;
  }

  private static String fixed(double value) {
    return MarkdownTable.fixed(value, 4);
  }
}
