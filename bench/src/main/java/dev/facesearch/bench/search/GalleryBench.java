package dev.facesearch.bench.search;

import dev.facesearch.bench.MarkdownTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.lucene.util.IOUtils;

/**
 * Every measurement of one synthetic gallery: the exact scan (ground truth and baseline), then each
 * index configuration of the plan at each candidate count k, then (if the plan says so) the
 * server's own gallery.
 */
final class GalleryBench {
  /** Hits compared with the exact answer: recall@10. */
  static final int RECALL_AT = 10;

  private final SearchPlan plan;
  private final SyntheticGallery gallery;
  private final Path folder;
  private final PrintStream log;

  /**
   * One measured configuration.
   *
   * @param label the index and search, e.g. "float32 M16 b100"
   * @param k HNSW candidates, or 0 for the exact scan
   * @param top1 top-1 identity rate (after exact rescoring of the k candidates)
   * @param recall recall@10 of face ids against the exact scan, after rescoring
   * @param recallUnrescored the same in the graph's own order (approximate for quantised formats)
   * @param qps queries per second at each of the plan's thread counts
   */
  record Row(
      String label, int k, double top1, double recall, double recallUnrescored, double[] qps) {}

  /**
   * The outcome for one gallery.
   *
   * @param exact the exact scan
   * @param rows HNSW configurations, by index then k
   * @param builds what each index cost to build, by label
   * @param product the server's gallery, if measured
   */
  record Result(
      SyntheticGallery gallery,
      Row exact,
      List<Row> rows,
      Map<String, BenchIndex.Build> builds,
      List<Row> product,
      String productNote) {

    Row row(String label, int k) {
      return rows.stream()
          .filter(r -> r.label().equals(label) && r.k() == k)
          .findFirst()
          .orElse(null);
    }
  }

  GalleryBench(SearchPlan plan, SyntheticGallery gallery, Path folder, PrintStream log) {
    this.plan = plan;
    this.gallery = gallery;
    this.folder = folder;
    this.log = log;
  }

  Result run() throws IOException {
    IndexConfig baseConfig =
        new IndexConfig(VectorFormat.FLOAT32, SearchPlan.BASE_M, SearchPlan.BASE_BEAM);
    Map<String, BenchIndex.Build> builds = new LinkedHashMap<>();
    List<Row> rows = new ArrayList<>();
    BenchIndex base = build(baseConfig);
    try {
      builds.put(baseConfig.label(), base.build());
      log.printf("  exact scan of %,d faces for %,d queries...%n", gallery.size(), queryCount());
      int[][] truth = parallel(q -> base.exact(gallery.queries()[q], RECALL_AT));
      Row exact =
          new Row(
              "exact scan",
              0,
              Quality.top1IdentityRate(gallery, truth),
              1,
              Double.NaN,
              qps(q -> base.exact(gallery.queries()[q], RECALL_AT)));
      log.printf("  exact: top-1 %.4f, QPS %s%n", exact.top1(), qpsText(exact.qps()));
      for (IndexConfig config : configs()) {
        if (config.equals(baseConfig)) {
          rows.addAll(measure(base, truth));
          continue;
        }
        try (BenchIndex index = build(config)) {
          builds.put(config.label(), index.build());
          rows.addAll(measure(index, truth));
        } finally {
          deleteIndexFolder(config);
        }
      }
      List<Row> product = List.of();
      String productNote = "";
      if (plan.productSizes().contains(gallery.size())) {
        ProductPath productPath = new ProductPath(plan, gallery, folder.resolve("product"), log);
        product = productPath.run();
        productNote = productPath.note();
      }
      return new Result(gallery, exact, rows, builds, product, productNote);
    } finally {
      IOUtils.close(base);
      deleteIndexFolder(baseConfig);
    }
  }

  /** The plan's formats at the server's graph, then the float32 sweep if it runs at this size. */
  private List<IndexConfig> configs() {
    List<IndexConfig> configs = new ArrayList<>();
    for (VectorFormat format : plan.formats()) {
      configs.add(new IndexConfig(format, SearchPlan.BASE_M, SearchPlan.BASE_BEAM));
    }
    if (plan.gridSizes().contains(gallery.size())) {
      for (int m : plan.gridMaxConns()) {
        for (int beam : plan.gridBeamWidths()) {
          IndexConfig config = new IndexConfig(VectorFormat.FLOAT32, m, beam);
          if (!configs.contains(config)) {
            configs.add(config);
          }
        }
      }
    }
    return configs;
  }

  private BenchIndex build(IndexConfig config) throws IOException {
    Path indexFolder = folder.resolve(config.label().replace(' ', '-'));
    Files.createDirectories(indexFolder);
    log.printf(
        "  building %s (%,d faces, %d threads)...%n",
        config.label(), gallery.size(), plan.buildThreads());
    BenchIndex index = BenchIndex.build(indexFolder, gallery, config, plan.buildThreads());
    BenchIndex.Build b = index.build();
    log.printf(
        "  built %s in %.1f s: %s MB on disk, %d segment(s)%n",
        config.label(), b.seconds(), MarkdownTable.mb(b.disk().total()), b.segments());
    return index;
  }

  private void deleteIndexFolder(IndexConfig config) throws IOException {
    IOUtils.rm(folder.resolve(config.label().replace(' ', '-')));
  }

  private List<Row> measure(BenchIndex index, int[][] truth) {
    List<Row> rows = new ArrayList<>();
    for (int k : plan.ks()) {
      int[][] rescored = parallel(q -> index.search(gallery.queries()[q], k, RECALL_AT, true));
      int[][] graphOrder = parallel(q -> index.search(gallery.queries()[q], k, RECALL_AT, false));
      // Throughput of the server's way: k candidates from the graph, rescored exactly.
      double[] qps = qps(q -> index.search(gallery.queries()[q], k, RECALL_AT, true));
      Row row =
          new Row(
              index.config().label(),
              k,
              Quality.top1IdentityRate(gallery, rescored),
              Quality.recall(rescored, truth),
              Quality.recall(graphOrder, truth),
              qps);
      log.printf(
          "  %s k=%d: top-1 %.4f, recall@10 %.4f (graph order %.4f), QPS %s%n",
          row.label(), k, row.top1(), row.recall(), row.recallUnrescored(), qpsText(qps));
      rows.add(row);
    }
    return rows;
  }

  private int queryCount() {
    return gallery.queries().length;
  }

  /** Answers to every query, computed on all cores (quality only: throughput is measured apart). */
  private int[][] parallel(java.util.function.IntFunction<int[]> search) {
    return IntStream.range(0, queryCount()).parallel().mapToObj(search).toArray(int[][]::new);
  }

  private double[] qps(java.util.function.IntConsumer search) {
    return plan.threads().stream()
        .mapToDouble(threads ->
            ThreadedLoop.qps(threads, queryCount(), search, plan.warmup(), plan.measure()))
        .toArray();
  }

  static String qpsText(double[] qps) {
    StringBuilder text = new StringBuilder();
    for (double value : qps) {
      text.append(text.isEmpty() ? "" : " / ").append(MarkdownTable.fixed(value, 1));
    }
    return text.toString();
  }
}
