package dev.facesearch.bench.search;

import dev.facesearch.bench.MarkdownTable;
import dev.facesearch.bench.pipeline.ProjectFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.apache.lucene.util.IOUtils;

/**
 * Peers side by side in one run: Lucene HNSW (the gallery alone, as the search benchmark builds
 * it), hnswlib, FAISS's HNSW and flat indexes, and Identify over gRPC, all on the same gallery and
 * the same queries, each answering one query per call on one thread, as the server answers one
 * Identify per call.
 *
 * <p>The gallery is the search benchmark's ({@link SyntheticGallery}, same model and seed for the
 * size), written as raw little-endian float32 to {@code bench/target/peers/}. The peers run in
 * Debian's {@code python3-hnswlib} and {@code python3-faiss} through {@link PeerScript}, each
 * skipped with a note when not installed. Every graph is built with M 16 and a construction beam of
 * 100 (the server's defaults), every engine is swept over the same candidate counts (Lucene's k,
 * the peers' ef), and every engine's answers are scored here by the same code: recall@10 against
 * the exact neighbours (Lucene's exact scan) and the top-1 identity rate. The comparison is at
 * equal recall@10 ({@link EqualRecall}), not at equal settings.
 *
 * <p>Run: {@code ./facesearch bench peers [--faces=100000] [--queries=1000] [--data=realistic]};
 * options: {@link PeerPlan#USAGE}.
 */
public final class PeerBench {
  private static final String LUCENE = "Lucene HNSW M16 b100 (gallery alone)";
  private static final String LUCENE_EXACT = "Lucene exact scan";

  private final PeerPlan plan;
  private final PrintStream out;
  private final PrintStream log;
  private final List<String> notes = new ArrayList<>();

  private PeerBench(PeerPlan plan, PrintStream out, PrintStream log) {
    this.plan = plan;
    this.out = out;
    this.log = log;
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    PeerPlan plan;
    try {
      plan = PeerPlan.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    new PeerBench(plan, System.out, System.err).run();
  }

  /** The small run of the quick plan (20k faces). */
  public static void quick(PrintStream out, PrintStream log)
      throws IOException, InterruptedException {
    new PeerBench(PeerPlan.quick(), out, log).run();
  }

  private void run() throws IOException, InterruptedException {
    Optional<FaceModel> model = model();
    if (model.isEmpty()) {
      return;
    }
    printHeader(model.get());
    log.printf("peers: generating %,d %s faces...%n", plan.faces(), plan.data());
    SyntheticGallery gallery =
        SyntheticGallery.generate(
            model.get(), plan.faces(), plan.perIdentity(), plan.queries(), plan.gallerySeed());
    Path folder = ProjectFiles.root().resolve("bench").resolve("target").resolve("peers");
    if (Files.exists(folder)) {
      IOUtils.rm(folder);
    }
    Files.createDirectories(folder);
    Path faces = folder.resolve("faces.f32");
    Path queries = folder.resolve("queries.f32");
    PeerFiles.writeFloats(faces, gallery.faces());
    PeerFiles.writeFloats(queries, gallery.queries());

    List<PeerRow> rows = new ArrayList<>();
    List<String[]> builds = new ArrayList<>();
    int[][] truth = lucene(gallery, folder.resolve("lucene"), rows, builds);
    peers(gallery, faces, queries, folder.resolve("ids"), truth, rows, builds);
    if (plan.identify()) {
      IdentifyPath identify = new IdentifyPath(plan, gallery, folder.resolve("server"), log);
      rows.addAll(identify.run(truth));
      builds.add(new String[] {IdentifyPath.ENGINE, "-", "-", identify.note()});
      notes.add(
          "Identify: one blocking client in this JVM over Netty on loopback, top_k 10, every face"
              + " its own subject (so its 10 subjects are the 10 nearest faces), the server's"
              + " defaults otherwise (access log "
              + (plan.accessLog() ? "on, as served" : "off: --access-log=false")
              + "), the exact scan of small collections off, one segment; k is the server's"
              + " search candidates.");
      IOUtils.rm(folder.resolve("server"));
    } else {
      notes.add("Identify over gRPC not measured (--identify=false).");
    }

    MarkdownTable buildTable = new MarkdownTable("engine", "build s", "threads", "note");
    builds.forEach(b -> buildTable.row((Object[]) b));
    new PeerTables(rows, plan.targets()).print(out);
    buildTable.print(out);
    for (String note : notes) {
      out.println("- " + note);
    }
    out.printf("%nLoad average at the end: %s%n%n", loadAverage());
  }

  /** The gallery alone at each k and its exact scan; returns the exact scan's answers. */
  private int[][] lucene(
      SyntheticGallery gallery, Path folder, List<PeerRow> rows, List<String[]> builds)
      throws IOException {
    Files.createDirectories(folder);
    IndexConfig config =
        new IndexConfig(VectorFormat.FLOAT32, SearchPlan.BASE_M, SearchPlan.BASE_BEAM);
    log.printf("peers: building %s (%d threads)...%n", config.label(), plan.buildThreads());
    try (BenchIndex index = BenchIndex.build(folder, gallery, config, plan.buildThreads())) {
      builds.add(
          new String[] {
            LUCENE,
            MarkdownTable.fixed(index.build().seconds(), 1),
            Integer.toString(plan.buildThreads()),
            "force-merged to one segment"
          });
      int[][] truth =
          parallel(gallery, q -> index.exact(gallery.queries()[q], GalleryBench.RECALL_AT));
      PeerRow exact =
          row(
              gallery,
              LUCENE_EXACT,
              0,
              truth,
              truth,
              q -> index.exact(gallery.queries()[q], GalleryBench.RECALL_AT));
      int widest = plan.settings().getLast();
      warmUp(
          gallery, q -> index.search(gallery.queries()[q], widest, GalleryBench.RECALL_AT, true));
      for (int k : plan.settings()) {
        IntFunction<int[]> search =
            q -> index.search(gallery.queries()[q], k, GalleryBench.RECALL_AT, true);
        rows.add(row(gallery, LUCENE, k, parallel(gallery, search), truth, search));
      }
      rows.add(exact);
      return truth;
    } finally {
      IOUtils.rm(folder);
    }
  }

  /**
   * A first, longer warm-up of the sweep's widest search before any of it is timed: the timed
   * loop's own warm-up lets the JIT adapt to a new k, not compile the whole path.
   */
  private void warmUp(SyntheticGallery gallery, IntFunction<int[]> search) {
    ThreadedLoop.qps(
        1, gallery.queries().length, search::apply, Duration.ZERO, plan.warmup().multipliedBy(3));
  }

  private PeerRow row(
      SyntheticGallery gallery,
      String engine,
      int k,
      int[][] found,
      int[][] truth,
      IntFunction<int[]> search) {
    double qps =
        ThreadedLoop.qps(1, gallery.queries().length, search::apply, plan.warmup(), plan.measure());
    PeerRow row =
        new PeerRow(
            engine,
            "k",
            k,
            Quality.recall(found, truth),
            Quality.top1IdentityRate(gallery, found),
            qps);
    log.printf(
        "  %s %s: recall@10 %.4f, top-1 %.4f, %,.0f QPS%n",
        engine, row.settingText(), row.recall(), row.top1(), qps);
    return row;
  }

  /** hnswlib and FAISS through the script, each engine's answers scored against the truth. */
  private void peers(
      SyntheticGallery gallery,
      Path faces,
      Path queries,
      Path ids,
      int[][] truth,
      List<PeerRow> rows,
      List<String[]> builds)
      throws IOException, InterruptedException {
    Files.createDirectories(ids);
    log.printf("peers: running %s...%n", PeerScript.SCRIPT);
    PeerScript.Run run = PeerScript.run(plan, faces, queries, gallery.dimension(), ids);
    if (run.output().isEmpty()) {
      notes.add("hnswlib and FAISS skipped: " + run.note() + ".");
      return;
    }
    PeerOutput output = run.output().get();
    notes.add("Peers' interpreter and libraries: " + output.info() + ".");
    for (PeerOutput.Missing missing : output.missing()) {
      notes.add(
          String.format(
              "%s skipped: not importable by %s (%s); on Debian: apt-get install python3-%s.",
              missing.module(),
              PeerScript.interpreter(plan.python()),
              missing.reason(),
              missing.module()));
    }
    for (PeerOutput.Build build : output.builds()) {
      builds.add(
          new String[] {
            build.engine(),
            MarkdownTable.fixed(build.seconds(), 1),
            Integer.toString(build.threads()),
            ""
          });
    }
    for (PeerOutput.Result result : output.results()) {
      int[][] found =
          PeerFiles.readIds(
              ids.resolve(result.ids()), gallery.queries().length, GalleryBench.RECALL_AT);
      rows.add(
          new PeerRow(
              result.engine(),
              "ef",
              result.setting(),
              Quality.recall(found, truth),
              Quality.top1IdentityRate(gallery, found),
              result.qps()));
    }
    for (PeerOutput.Overhead overhead : output.overheads()) {
      notes.add(
          String.format(
              java.util.Locale.ROOT,
              "%s: %.1f us per call against 16 vectors (the Python binding's own cost, in every"
                  + " QPS figure of that library).",
              overhead.engine(),
              overhead.micros()));
    }
    for (String line : output.ignored()) {
      notes.add("The script also printed: " + line);
    }
  }

  private Optional<FaceModel> model() throws IOException {
    if (plan.data().equals("face-like")) {
      return Optional.of(new FaceLikeModel());
    }
    Optional<Path> file = plan.stats().or(EmbeddingStats::find);
    if (file.isEmpty() || !Files.isRegularFile(file.get())) {
      out.printf(
          "Peers skipped: realistic data needs %s (give --stats=FILE or --data=face-like).%n%n",
          file.map(Path::toString)
              .orElse("../shared/data/embedding-stats/" + EmbeddingStats.DEFAULT_FILE));
      return Optional.empty();
    }
    return Optional.of(RealisticModel.fitted(EmbeddingStats.read(file.get())));
  }

  private void printHeader(FaceModel model) {
    Runtime runtime = Runtime.getRuntime();
    out.printf("# Peers on the same vectors: %s%n%n", Instant.now());
    out.printf(
        "%s data, %,d faces (%d per identity), %,d queries, seed %d (the search benchmark's for"
            + " this size). Java %s, %d cores, Lucene %s; load average at the start %s.%n",
        model.name(),
        plan.faces(),
        plan.perIdentity(),
        plan.queries(),
        plan.gallerySeed(),
        Runtime.version(),
        runtime.availableProcessors(),
        org.apache.lucene.util.Version.LATEST,
        loadAverage());
    out.printf(
        "Every graph M16 with a construction beam of 100, built on %d threads; every search one"
            + " query per call on one thread, %.1f s timed per setting after a warm-up. Recall@10"
            + " against Lucene's exact scan of the same vectors; top-1 = the first hit is a face of"
            + " the query's identity.%n%n",
        plan.buildThreads(), plan.measure().toMillis() / 1000.0);
  }

  private static int[][] parallel(SyntheticGallery gallery, IntFunction<int[]> search) {
    return IntStream.range(0, gallery.queries().length)
        .parallel()
        .mapToObj(search)
        .toArray(int[][]::new);
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " / " + fields[1] + " / " + fields[2] + " (1 / 5 / 15 min)";
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
