package dev.facesearch.bench.search;

import dev.facesearch.bench.MarkdownTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.apache.lucene.util.IOUtils;

/**
 * Gallery search at scale: Lucene HNSW (float32, int8, binary) against an exact scan, on synthetic
 * galleries of face-like and of realistic embeddings.
 *
 * <p>Measures, per gallery and configuration: top-1 identity rate (queries are new photos of
 * enrolled identities), recall@10 of face ids against the exact scan (after exact rescoring of the
 * k candidates, and in the graph's own order), QPS at 1 and 2 search threads, build time, bytes on
 * disk by role and heap in use after the build; then checks the targets as ratios within
 * the run. Throughput comes from {@link ThreadedLoop}, a closed-loop harness (warm-up, then a timed
 * window), not JMH: each configuration needs an index built first, minutes at a million faces.
 *
 * <p>Data: {@link FaceLikeModel} and {@link RealisticModel} (statistics of real embeddings from
 * {@code ../shared/data/embedding-stats}), 10 faces per identity by default. Indexes go to a
 * temporary folder, deleted at the end.
 *
 * <p>Run: {@code ./facesearch bench search quick} (a few minutes), {@code ./facesearch bench search
 * full} (10k and 100k, the graph sweep and the server's own gallery), {@code ./facesearch bench
 * search scale} (1M faces; long: run it in the background). Options: {@link SearchPlan#USAGE}.
 */
public final class SearchBench {
  /** Pairs sampled for the distance check of each data kind. */
  private static final int DISTANCE_PAIRS = 20_000;

  private final SearchPlan plan;
  private final PrintStream out;
  private final PrintStream log;

  private SearchBench(SearchPlan plan, PrintStream out, PrintStream log) {
    this.plan = plan;
    this.out = out;
    this.log = log;
  }

  public static void main(String[] args) throws IOException {
    SearchPlan plan;
    try {
      plan = SearchPlan.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    run(plan, System.out, System.err);
  }

  /**
   * Runs a plan given as command-line arguments, tables to {@code out}, progress to {@code log}.
   */
  public static void run(String[] args, PrintStream out, PrintStream log) throws IOException {
    run(SearchPlan.parse(args), out, log);
  }

  static void run(SearchPlan plan, PrintStream out, PrintStream log) throws IOException {
    new SearchBench(plan, out, log).run();
  }

  private void run() throws IOException {
    Path root =
        plan.dir().isPresent()
            ? Files.createDirectories(plan.dir().get())
            : Files.createTempDirectory("facesearch-search-bench");
    printHeader();
    Targets targets = new Targets(plan.threads());
    try {
      for (String kind : plan.data()) {
        Optional<FaceModel> model = model(kind);
        if (model.isEmpty()) {
          continue;
        }
        for (int size : plan.sizes()) {
          log.printf("%s, %,d faces: generating...%n", kind, size);
          SyntheticGallery gallery =
              SyntheticGallery.generate(
                  model.get(), size, plan.perIdentity(), plan.queries(), plan.seed() + size);
          Path folder = root.resolve(kind + "-" + size);
          GalleryBench.Result result = new GalleryBench(plan, gallery, folder, log).run();
          IOUtils.rm(folder);
          new ResultTables(plan, result).print(out);
          targets.check(result);
        }
      }
      targets.print(out);
    } finally {
      if (plan.dir().isEmpty()) {
        IOUtils.rm(root);
      }
    }
  }

  private Optional<FaceModel> model(String kind) throws IOException {
    if (kind.equals("face-like")) {
      FaceModel model = new FaceLikeModel();
      printDistances(model);
      return Optional.of(model);
    }
    Optional<Path> file = plan.stats().or(EmbeddingStats::find);
    if (file.isEmpty() || !Files.isRegularFile(file.get())) {
      out.printf(
          "Realistic data skipped: %s not found (give --stats FILE).%n%n",
          file.map(Path::toString)
              .orElse("../shared/data/embedding-stats/" + EmbeddingStats.DEFAULT_FILE));
      return Optional.empty();
    }
    EmbeddingStats stats = EmbeddingStats.read(file.get());
    RealisticModel asGiven = RealisticModel.asGiven(stats);
    RealisticModel fitted = RealisticModel.fitted(stats);
    printDistances(stats, asGiven, fitted);
    return Optional.of(plan.realisticFitted() ? fitted : asGiven);
  }

  private void printHeader() {
    Runtime runtime = Runtime.getRuntime();
    out.printf("# Search benchmark: plan '%s', %s%n%n", plan.name(), Instant.now());
    out.printf(
        "Java %s, %d cores, max heap %,d MB; Lucene %s. Faces per identity %d, %,d queries per gallery"
            + " (new photos of enrolled identities), seed %d.%n",
        Runtime.version(),
        runtime.availableProcessors(),
        runtime.maxMemory() >> 20,
        org.apache.lucene.util.Version.LATEST,
        plan.perIdentity(),
        plan.queries(),
        plan.seed());
    out.printf(
        "QPS: closed loop per thread count, %.1f s warm-up then %.1f s measured (longer for slow"
            + " scans, until %d queries), not JMH. Builds: %d indexing threads, force-merged to one"
            + " segment, compound files off. Recall@10 against the exact scan of the same stored"
            + " vectors; HNSW hits are rescored exactly from the float32 vectors, as the server"
            + " does, except in the 'graph order' column.%n%n",
        plan.warmup().toMillis() / 1000.0,
        plan.measure().toMillis() / 1000.0,
        ThreadedLoop.MIN_QUERIES,
        plan.buildThreads());
  }

  private void printDistances(FaceModel model) {
    PairDistances d = PairDistances.sample(model, DISTANCE_PAIRS, plan.seed());
    out.printf("## %s data%n%n", model.name());
    MarkdownTable table =
        new MarkdownTable("median squared L2", "raw (before unit scaling)", "unit vectors");
    table.row("same person", fixed(d.sameRaw(), 3), fixed(d.sameUnit(), 3));
    table.row("random pair", fixed(d.randomRaw(), 3), fixed(d.randomUnit(), 3));
    table.row("photo to its identity", "-", fixed(d.photoToIdentity(), 3));
    table.print(out);
  }

  private void printDistances(EmbeddingStats stats, RealisticModel asGiven, RealisticModel fitted) {
    out.printf("## realistic data (%s)%n%n", stats.source());
    out.printf(
        "Medians of %,d sampled pairs against the real embeddings' (raw, before unit scaling)."
            + " Used below: %s.%n%n",
        DISTANCE_PAIRS, plan.realisticFitted() ? "fitted" : "as given");
    MarkdownTable table =
        new MarkdownTable(
            "between covariance",
            "same person raw",
            "random pair raw",
            "photo norm",
            "same person unit",
            "random pair unit",
            "photo to identity unit");
    table.row(
        "real embeddings",
        fixed(stats.sameMedian(), 3),
        fixed(stats.randomMedian(), 3),
        fixed(stats.normMean(), 3),
        "-",
        "-",
        "-");
    for (RealisticModel model : new RealisticModel[] {asGiven, fitted}) {
      PairDistances d = PairDistances.sample(model, DISTANCE_PAIRS, plan.seed());
      String label =
          model.withinShare() == 0
              ? "as given"
              : String.format("fitted: B - %.3f W", model.withinShare());
      table.row(
          label,
          fixed(d.sameRaw(), 3),
          fixed(d.randomRaw(), 3),
          fixed(d.rawNorm(), 3),
          fixed(d.sameUnit(), 3),
          fixed(d.randomUnit(), 3),
          fixed(d.photoToIdentity(), 3));
    }
    table.print(out);
  }

  private static String fixed(double value, int decimals) {
    return MarkdownTable.fixed(value, decimals);
  }
}
