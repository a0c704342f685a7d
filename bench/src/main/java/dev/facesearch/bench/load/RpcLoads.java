package dev.facesearch.bench.load;

import dev.facesearch.api.v1.CreateCollectionRequest;
import dev.facesearch.bench.MarkdownTable;
import dev.facesearch.bench.pipeline.BenchPhotos;
import dev.facesearch.bench.pipeline.PipelineConfiguration;
import dev.facesearch.bench.pipeline.PipelineTargets;
import dev.facesearch.bench.pipeline.ProjectFiles;
import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.pipeline.FacePipeline;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The loads against a real server: Identify by embedding, Identify by image, Enroll of embeddings,
 * Enroll by image. Each runs its client counts in turn on one server, after a longer first warm-up;
 * the embedding load runs once per search-candidate setting, each on a freshly started server over
 * the same gallery, so their ratios come from one run.
 */
final class RpcLoads {
  static final String GALLERY = "gallery";
  private static final String ENROLL = "enroll-load";
  private static final String ENROLL_IMAGES = "enroll-image-load";
  private static final List<Integer> ENROLL_IMAGE_CLIENTS = List.of(2, 4);
  private static final int PROBES = 10_000;
  private static final int RECALL_PROBES = 1_000;

  private final LoadBench.Plan plan;
  private final List<Integer> clients;
  private final Path data;
  private final ServerSettings settings;
  private final FaceLikeGallery gallery;
  private final FaceVectors vectors;
  private final Report report;

  RpcLoads(
      LoadBench.Plan plan,
      List<Integer> clients,
      Path data,
      ServerSettings settings,
      FaceLikeGallery gallery,
      FaceVectors vectors,
      Report report) {
    this.plan = plan;
    this.clients = clients;
    this.data = data;
    this.settings = settings;
    this.gallery = gallery;
    this.vectors = vectors;
    this.report = report;
  }

  /** Identify with an embedding, top_k unset (5), on a server with this candidate count. */
  void identifyByEmbedding(int candidates) throws IOException, InterruptedException {
    ServerSettings withCandidates = settings.toBuilder().searchCandidates(candidates).build();
    try (LoadServer server = LoadServer.start(withCandidates)) {
      List<float[]> probes = gallery.probes(PROBES);
      report.progress("embedding, " + candidates + " candidates: recall check");
      double recall =
          RecallCheck.recallAtOne(
              gallery, probes.subList(0, RECALL_PROBES), server.blockingStub(), GALLERY);
      ClosedLoop.Call call = Workloads.identifyByEmbedding(server.futureStub(), GALLERY, probes);
      List<ClosedLoop.Result> results = new ArrayList<>();
      MarkdownTable table =
          clientCounts(
              "embedding, " + candidates + " candidates",
              plan.firstWarmup(),
              plan.searchWarmup(),
              plan.searchMeasure(),
              call,
              results);
      report.table(
          String.format(
              Locale.ROOT,
              "## Identify by embedding: top_k 5, %,d faces, search candidates %d"
                  + " (recall@1 against brute force %.4f, %d probes)",
              gallery.faces(),
              candidates,
              recall,
              RECALL_PROBES),
          table);
      report.line(IdentifyTarget.check(results, gallery.faces()));
    }
  }

  /** Identify with an LFW photo (the server's detection defaults, its result cache off). */
  void identifyByImage(Path faces) throws IOException, InterruptedException {
    try (LoadServer server = LoadServer.start(settings)) {
      BenchPhotos.PhotoSet photos = BenchPhotos.lfw(faces);
      ClosedLoop.Call call =
          Workloads.identifyByImage(server.futureStub(), GALLERY, photos.images());
      MarkdownTable table =
          clientCounts(
              "image",
              plan.imageWarmup().multipliedBy(2),
              plan.imageWarmup(),
              plan.imageMeasure(),
              call,
              new ArrayList<>());
      long hits = server.server().pipeline().cacheStats().hitCount();
      report.table(
          String.format(
              Locale.ROOT,
              "## Identify by image: %s, %s, top_k 5, %,d faces (pipeline cache hits: %d)",
              photos.name(),
              PipelineConfiguration.describe(
                  server.server().pipeline().resolve(DetectionSettings.NONE)),
              gallery.faces(),
              hits),
          table);
    }
  }

  /**
   * Enroll of one new embedding per call into a fresh collection, with commits counted from the
   * collection's commit generation during each window.
   */
  void enroll() throws IOException, InterruptedException {
    try (LoadServer server = LoadServer.start(settings)) {
      server
          .blockingStub()
          .createCollection(
              CreateCollectionRequest.newBuilder()
                  .setName(ENROLL)
                  .setEmbeddingModel("resnet128")
                  .build());
      CommitCounter commits = new CommitCounter(data, ENROLL);
      MarkdownTable table = header(true);
      for (int n : clients) {
        report.progress("enroll: " + n + " clients");
        ClosedLoop.Call call =
            Workloads.enrollOneFace(server.futureStub(), ENROLL, vectors, "n" + n, n);
        ClosedLoop.Result r =
            ClosedLoop.run(n, plan.searchWarmup(), plan.searchMeasure(), call, commits::generation);
        row(table, r, true);
      }
      report.table(
          "## Enroll: 1 embedding per call, a new subject each, into a fresh collection", table);
    }
  }

  /**
   * Enroll by image of the LFW photos into a fresh collection with the server's detection defaults:
   * one photo per call and ten (one person's) per call, each call a new subject, at 2 and 4
   * clients; images/s, and the best row as the bulk-enroll target.
   */
  void enrollByImage(Path faces, PipelineTargets targets) throws IOException, InterruptedException {
    try (LoadServer server = LoadServer.start(settings)) {
      server
          .blockingStub()
          .createCollection(
              CreateCollectionRequest.newBuilder()
                  .setName(ENROLL_IMAGES)
                  .setEmbeddingModel("resnet128")
                  .build());
      BenchPhotos.PhotoSet photos = BenchPhotos.lfw(faces);
      CommitCounter commits = new CommitCounter(data, ENROLL_IMAGES);
      Workloads.EnrollTally tally = new Workloads.EnrollTally();
      MarkdownTable table =
          new MarkdownTable(
              "photos/call",
              "clients",
              "images/s",
              "calls/s",
              "p50 ms",
              "p99 ms",
              "errors",
              "cores JVM / machine",
              "JVM CPU ms/image",
              "commits/s");
      double best = 0;
      String where = "";
      boolean first = true;
      for (int perCall : List.of(1, 10)) {
        for (int n : ENROLL_IMAGE_CLIENTS) {
          report.progress("enroll by image: " + perCall + " per call, " + n + " clients");
          ClosedLoop.Call call =
              Workloads.enrollPhotos(
                  server.futureStub(),
                  ENROLL_IMAGES,
                  photos.images(),
                  perCall,
                  "p" + perCall + "n" + n,
                  tally);
          // The first window also loads the models and compiles the pipeline.
          Duration warmup = first ? plan.imageWarmup().multipliedBy(3) : plan.imageWarmup();
          first = false;
          ClosedLoop.Result r =
              ClosedLoop.run(n, warmup, plan.imageMeasure(), call, commits::generation);
          double images = r.qps() * perCall;
          table.row(
              perCall,
              n,
              images,
              r.qps(),
              r.latency().p50Millis(),
              r.latency().p99Millis(),
              r.errors(),
              MarkdownTable.number(r.cpu().process())
                  + " / "
                  + MarkdownTable.number(r.cpu().machine()),
              r.cpu().process() / images * 1e3,
              r.counted() / r.seconds());
          if (images > best) {
            best = images;
            where = perCall + " per call, " + n + " clients";
          }
        }
      }
      FacePipeline pipeline = server.server().pipeline();
      report.table(
          String.format(
              Locale.ROOT,
              "## Enroll by image: %s, a new subject per call, into a fresh collection (%s;"
                  + " pipeline cache hits: %d; %d of %d inputs enrolled)",
              photos.name(),
              PipelineConfiguration.describe(pipeline.resolve(DetectionSettings.NONE)),
              pipeline.cacheStats().hitCount(),
              tally.enrolled().sum(),
              tally.inputs().sum()),
          table);
      targets.enroll(photos.name(), best, where);
    }
  }

  /** Runs every client count after a first warm-up at the highest one; adds to {@code results}. */
  private MarkdownTable clientCounts(
      String name,
      Duration firstWarmup,
      Duration warmup,
      Duration measure,
      ClosedLoop.Call call,
      List<ClosedLoop.Result> results)
      throws InterruptedException {
    MarkdownTable table = header(false);
    int most = clients.stream().mapToInt(Integer::intValue).max().orElse(1);
    report.progress(name + ": warming up");
    ClosedLoop.run(most, Duration.ZERO, firstWarmup, call);
    for (int n : clients) {
      report.progress(name + ": " + n + " clients");
      ClosedLoop.Result result = ClosedLoop.run(n, warmup, measure, call);
      results.add(result);
      row(table, result, false);
    }
    return table;
  }

  private static MarkdownTable header(boolean commits) {
    List<String> header =
        new ArrayList<>(
            List.of(
                "clients",
                "calls/s",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "max ms",
                "errors",
                "cores JVM / machine",
                "JVM CPU us/call"));
    if (commits) {
      header.add("commits/s");
      header.add("calls/commit");
    }
    return new MarkdownTable(header.toArray(String[]::new));
  }

  private static void row(MarkdownTable table, ClosedLoop.Result r, boolean commits) {
    List<Object> row =
        new ArrayList<>(
            List.of(
                r.clients(),
                r.qps(),
                r.latency().p50Millis(),
                r.latency().p95Millis(),
                r.latency().p99Millis(),
                r.latency().maxMillis(),
                r.errors(),
                MarkdownTable.number(r.cpu().process())
                    + " / "
                    + MarkdownTable.number(r.cpu().machine()),
                r.cpu().process() / r.qps() * 1e6));
    if (commits) {
      double commitsPerSecond = r.counted() / r.seconds();
      row.add(commitsPerSecond);
      row.add(commitsPerSecond == 0 ? "-" : MarkdownTable.number(r.qps() / commitsPerSecond));
    }
    table.row(row.toArray());
  }

  /** Where the kept galleries live: {@code bench/target/load-gallery}. */
  static Path galleryCacheRoot() {
    return ProjectFiles.root().resolve("bench").resolve("target").resolve("load-gallery");
  }
}
