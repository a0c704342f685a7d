package dev.facesearch.bench.load;

import dev.facesearch.bench.MarkdownTable;
import dev.facesearch.bench.pipeline.ProjectFiles;
import dev.facesearch.server.config.GalleryBackend;
import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.core.NotFoundException;
import dev.facesearch.server.gallery.Sharding;
import dev.facesearch.server.gallery.opensearch.OpenSearchGallery;
import dev.facesearch.server.testing.opensearch.OpenSearchCluster;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.lucene.util.IOUtils;

/**
 * Identify by embedding on the embedded Lucene gallery and on an OpenSearch cluster with 1 and 3
 * shards: the same face-like gallery, the same probes, the same server and closed-loop clients, in
 * one run.
 *
 * <p>The embedded gallery is the load harness's own ({@link FaceLikeGallery} through {@link
 * GalleryCache}). The OpenSearch collections are enrolled through the server's {@link
 * OpenSearchGallery}, one Enroll per subject from many threads, so each write is acknowledged as
 * the API acknowledges it (refresh wait_for). Each gallery then gets a real server on loopback
 * ({@link LoadServer}) and the same Identify load; recall@1 is checked against brute force on the
 * same probes.
 *
 * <p>Without {@code --opensearch-url} the bench starts a 3-node cluster on loopback with the server
 * module's test harness, from the zips in {@code server/target/opensearch} (the launcher fetches
 * them); the nodes share the machine's cores with the server and the clients, which a real
 * deployment would not.
 *
 * <p>Options: {@code --faces=100000,1000000}, {@code --clients=1,4,16}, {@code --shards=1,3},
 * {@code --shards=} alone measures the embedded gallery without a cluster, {@code --replicas=0},
 * {@code --opensearch-url=http://host:9200,...}, {@code --heap-mb=512} (per node of the started
 * cluster), {@code --warmup=10} and {@code --measure=10} (seconds per client count), {@code
 * --enroll-threads=128}, {@code --out=FILE}.
 */
public final class ScaleOutBench {
  private static final String EMBEDDED = RpcLoads.GALLERY;
  private static final int PROBES = 10_000;
  private static final int RECALL_PROBES = 1_000;
  private static final int EMBEDDED_BUILD_THREADS = 32;

  private final Options options;
  private final Report report;
  private final FaceVectors vectors;
  private final MarkdownTable table =
      new MarkdownTable(
          "gallery",
          "faces",
          "enrolled in s",
          "recall@1",
          "clients",
          "calls/s",
          "p50 ms",
          "p99 ms",
          "errors",
          "cores JVM / machine",
          "JVM CPU us/call");

  private ScaleOutBench(Options options, Report report, FaceVectors vectors) {
    this.options = options;
    this.report = report;
    this.vectors = vectors;
  }

  /** The command line. */
  private record Options(
      List<Integer> faces,
      List<Integer> clients,
      List<Integer> shards,
      int replicas,
      List<URI> openSearch,
      int heapMegabytes,
      Duration warmup,
      Duration measure,
      int enrollThreads,
      Optional<Path> out) {
    static Options parse(String[] args) {
      List<Integer> faces = List.of(100_000);
      List<Integer> clients = List.of(1, 4, 16);
      List<Integer> shards = List.of(1, 3);
      int replicas = 0;
      List<URI> openSearch = List.of();
      int heap = 512;
      Duration warmup = Duration.ofSeconds(10);
      Duration measure = Duration.ofSeconds(10);
      int enrollThreads = 128;
      Optional<Path> out = Optional.empty();
      for (String arg : args) {
        String value = arg.substring(arg.indexOf('=') + 1);
        if (arg.startsWith("--faces=")) {
          faces = LoadBench.integers(value);
        } else if (arg.startsWith("--clients=")) {
          clients = LoadBench.integers(value);
        } else if (arg.startsWith("--shards=")) {
          // Blank: the embedded gallery alone, with no cluster.
          shards = value.isBlank() ? List.of() : LoadBench.integers(value);
        } else if (arg.startsWith("--replicas=")) {
          replicas = Integer.parseInt(value);
        } else if (arg.startsWith("--opensearch-url=")) {
          openSearch = ServerSettings.parseUrls(value);
        } else if (arg.startsWith("--heap-mb=")) {
          heap = Integer.parseInt(value);
        } else if (arg.startsWith("--warmup=")) {
          warmup = Duration.ofSeconds(Long.parseLong(value));
        } else if (arg.startsWith("--measure=")) {
          measure = Duration.ofSeconds(Long.parseLong(value));
        } else if (arg.startsWith("--enroll-threads=")) {
          enrollThreads = Integer.parseInt(value);
        } else if (arg.startsWith("--out=")) {
          out = Optional.of(Path.of(value));
        } else {
          throw new IllegalArgumentException(
              "unknown argument "
                  + arg
                  + "; usage: scaleout [--faces=100000,1000000] [--clients=1,4,16]"
                  + " [--shards=1,3] [--replicas=0] [--opensearch-url=URL,...] [--heap-mb=512]"
                  + " [--warmup=10] [--measure=10] [--enroll-threads=128] [--out=FILE]");
        }
      }
      for (int f : faces) {
        if (f < LoadBench.FACES_PER_SUBJECT || f % LoadBench.FACES_PER_SUBJECT != 0) {
          throw new IllegalArgumentException(
              "--faces must be multiples of " + LoadBench.FACES_PER_SUBJECT + ", got " + f);
        }
      }
      return new Options(
          faces, clients, shards, replicas, openSearch, heap, warmup, measure, enrollThreads, out);
    }
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Report report = new Report(options.out());
    report.line(
        String.format(
            Locale.ROOT,
            "# facesearch scale-out: embedded Lucene vs OpenSearch; %d cores, Java %s",
            Runtime.getRuntime().availableProcessors(),
            Runtime.version()));
    FaceVectors vectors = LoadBench.vectors("lfw");
    Path work = Files.createTempDirectory("facesearch-scaleout-");
    try {
      ScaleOutBench bench = new ScaleOutBench(options, report, vectors);
      if (options.shards().isEmpty()) {
        report.line("No OpenSearch collection asked for (--shards=): the embedded gallery only.");
        bench.run(work, List.of());
      } else if (options.openSearch().isEmpty()) {
        System.setProperty(
            "facesearch.opensearch.dist",
            System.getProperty(
                "facesearch.opensearch.dist",
                ProjectFiles.root().resolve("server/target/opensearch").toString()));
        report.progress("starting a 3-node OpenSearch cluster");
        // Its own temporary folder: as root, the harness gives it to an unprivileged user.
        Path nodes = Files.createTempDirectory("facesearch-opensearch-");
        try (OpenSearchCluster cluster =
            OpenSearchCluster.start(nodes, 3, options.heapMegabytes(), Duration.ofMinutes(5))) {
          report.line(
              String.format(
                  Locale.ROOT,
                  "Cluster: 3 OpenSearch 3.5.0 nodes (k-NN 3.5.0.0) on this machine, heap %d MB"
                      + " each, formed in %.0f s.",
                  options.heapMegabytes(),
                  cluster.formationTime().toMillis() / 1e3));
          bench.run(work, cluster.urls().stream().map(URI::create).toList());
        } finally {
          IOUtils.rm(nodes);
        }
      } else {
        report.line("Cluster: " + options.openSearch() + ".");
        bench.run(work, options.openSearch());
      }
      report.table(
          "## Identify by embedding (top_k 5, 100 search candidates): embedded Lucene vs"
              + " OpenSearch, "
              + options.replicas()
              + " replicas",
          bench.table);
    } finally {
      IOUtils.rm(work);
      report.close();
    }
  }

  private void run(Path work, List<URI> openSearch) throws Exception {
    for (int faces : options.faces()) {
      FaceLikeGallery gallery =
          new FaceLikeGallery(
              vectors,
              LoadBench.GALLERY_SEED,
              faces / LoadBench.FACES_PER_SUBJECT,
              LoadBench.FACES_PER_SUBJECT);
      List<float[]> probes = gallery.probes(PROBES);
      report.progress(
          faces + " faces: brute-force nearest subjects of " + RECALL_PROBES + " probes");
      int[] truth = RecallCheck.nearestSubjects(gallery, probes.subList(0, RECALL_PROBES));

      Path data = work.resolve("data-" + faces);
      ServerSettings embedded = LoadServer.settings(data, ProjectFiles.modelsDir());
      report.progress(faces + " faces: the embedded gallery");
      GalleryCache.Outcome outcome =
          new GalleryCache(
                  RpcLoads.galleryCacheRoot(),
                  "lfw-"
                      + gallery.subjects()
                      + "x"
                      + LoadBench.FACES_PER_SUBJECT
                      + "-seed"
                      + LoadBench.GALLERY_SEED)
              .copyInto(data, EMBEDDED, gallery, embedded, EMBEDDED_BUILD_THREADS);
      String builtIn =
          outcome.built() ? MarkdownTable.number(outcome.buildSeconds()) : "(kept from earlier)";
      measure(
          "embedded Lucene (" + outcome.segments() + " segments)",
          faces,
          builtIn,
          embedded,
          EMBEDDED,
          probes,
          truth);

      for (int shards : options.shards()) {
        String collection = "scaleout-" + faces + "-s" + shards;
        double seconds;
        try (OpenSearchGallery cluster =
            OpenSearchGallery.connect(
                openSearch, ServerSettings.DEFAULT_SEARCH_CANDIDATES, Clock.systemUTC())) {
          deleteIfPresent(cluster, collection);
          report.progress(faces + " faces: enrolling into OpenSearch, " + shards + " shards");
          seconds =
              gallery.enrollInto(
                  cluster,
                  FaceLikeGallery.spec(collection)
                      .withSharding(new Sharding(shards, options.replicas())),
                  options.enrollThreads());
        }
        ServerSettings onCluster =
            embedded.toBuilder()
                .gallery(GalleryBackend.OPENSEARCH)
                .openSearchUrls(openSearch)
                .build();
        try {
          measure(
              "OpenSearch, " + shards + (shards == 1 ? " shard" : " shards"),
              faces,
              MarkdownTable.number(seconds),
              onCluster,
              collection,
              probes,
              truth);
        } finally {
          try (OpenSearchGallery cluster =
              OpenSearchGallery.connect(
                  openSearch, ServerSettings.DEFAULT_SEARCH_CANDIDATES, Clock.systemUTC())) {
            deleteIfPresent(cluster, collection);
          }
        }
      }
      IOUtils.rm(data);
    }
  }

  /** Recall, a warm-up at the most clients, then each client count: one table row each. */
  private void measure(
      String name,
      int faces,
      String enrolledIn,
      ServerSettings settings,
      String collection,
      List<float[]> probes,
      int[] truth)
      throws IOException, InterruptedException {
    try (LoadServer server = LoadServer.start(settings)) {
      report.progress(name + ": recall check");
      double recall =
          RecallCheck.agreement(
              truth, probes.subList(0, RECALL_PROBES), server.blockingStub(), collection);
      ClosedLoop.Call call = Workloads.identifyByEmbedding(server.futureStub(), collection, probes);
      int most = options.clients().stream().mapToInt(Integer::intValue).max().orElse(1);
      report.progress(name + ": warming up");
      ClosedLoop.run(most, Duration.ZERO, options.warmup(), call);
      for (int n : options.clients()) {
        report.progress(name + ": " + n + " clients");
        ClosedLoop.Result r = ClosedLoop.run(n, Duration.ofSeconds(2), options.measure(), call);
        table.row(
            name,
            faces,
            enrolledIn,
            String.format(Locale.ROOT, "%.3f", recall),
            n,
            r.qps(),
            r.latency().p50Millis(),
            r.latency().p99Millis(),
            r.errors(),
            MarkdownTable.number(r.cpu().process())
                + " / "
                + MarkdownTable.number(r.cpu().machine()),
            r.cpu().process() / r.qps() * 1e6);
      }
    }
  }

  private static void deleteIfPresent(OpenSearchGallery cluster, String collection) {
    try {
      cluster.delete(collection);
    } catch (NotFoundException e) {
      // Not there: nothing to clean.
    }
  }
}
