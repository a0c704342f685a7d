package dev.facesearch.bench.search;

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
    int identities = g.faceIdentity()[g.size() - 1] + 1;
    out.printf(
        "### %s, %,d faces (%,d identities), %,d queries%n%n",
        g.model().name(), g.size(), identities, g.queries().length);
    printSearch(out);
    printBuilds(out);
    if (!result.product().isEmpty()) {
      printProduct(out);
    }
  }

  private void printSearch(PrintStream out) {
    MarkdownTable table =
        new MarkdownTable(
            searchHeader("index", "k", "top-1 id", "recall@10", "recall@10 graph order"));
    addSearchRow(table, result.exact(), "-");
    for (GalleryBench.Row row : result.rows()) {
      addSearchRow(table, row, Integer.toString(row.k()));
    }
    table.print(out);
  }

  private String[] searchHeader(String... first) {
    List<Integer> threads = plan.threads();
    String[] header = new String[first.length + 2 * threads.size()];
    System.arraycopy(first, 0, header, 0, first.length);
    for (int t = 0; t < threads.size(); t++) {
      header[first.length + t] = "QPS " + threads.get(t) + "t";
      header[first.length + threads.size() + t] = "x exact " + threads.get(t) + "t";
    }
    return header;
  }

  private void addSearchRow(MarkdownTable table, GalleryBench.Row row, String k) {
    table.row(
        cells(
            row,
            row.label(),
            k,
            MarkdownTable.fixed(row.top1(), 4),
            MarkdownTable.fixed(row.recall(), 4),
            MarkdownTable.fixed(row.recallUnrescored(), 4)));
  }

  private Object[] cells(GalleryBench.Row row, String... first) {
    double[] qps = row.qps();
    double[] exact = result.exact().qps();
    Object[] cells = new Object[first.length + 2 * qps.length];
    System.arraycopy(first, 0, cells, 0, first.length);
    for (int t = 0; t < qps.length; t++) {
      cells[first.length + t] = MarkdownTable.fixed(qps[t], qps[t] < 100 ? 1 : 0);
      cells[first.length + qps.length + t] = MarkdownTable.fixed(qps[t] / exact[t], 1);
    }
    return cells;
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
    long floatVectors = result.builds().values().iterator().next().disk().rawVectors();
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
              : MarkdownTable.fixed(d.quantizedVectors() / (double) floatVectors, 3));
    }
    table.print(out);
  }

  private void printProduct(PrintStream out) {
    out.printf(
        "Server path (LuceneGallery via Gallery.nearestSubjects, top 10 subjects): %s.%n%n",
        result.productNote());
    MarkdownTable table =
        new MarkdownTable(searchHeader("path", "k", "top-1 id", "subject recall@10 vs exact path"));
    for (GalleryBench.Row row : result.product()) {
      table.row(
          cells(
              row,
              row.label(),
              row.k() == 0 ? "-" : Integer.toString(row.k()),
              MarkdownTable.fixed(row.top1(), 4),
              MarkdownTable.fixed(row.recall(), 4)));
    }
    GalleryBench.Row raw =
        result.row(
            new IndexConfig(VectorFormat.FLOAT32, SearchPlan.BASE_M, SearchPlan.BASE_BEAM).label(),
            SearchPlan.TARGET_K);
    if (raw != null) {
      table.row(
          cells(
              raw,
              "raw Lucene " + raw.label() + " (above)",
              Integer.toString(raw.k()),
              MarkdownTable.fixed(raw.top1(), 4),
              "-"));
    }
    table.print(out);
  }
}
