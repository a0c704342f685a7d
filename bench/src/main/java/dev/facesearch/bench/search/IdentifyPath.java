package dev.facesearch.bench.search;

import dev.facesearch.api.v1.Candidate;
import dev.facesearch.api.v1.Embedding;
import dev.facesearch.api.v1.FaceInput;
import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.api.v1.IdentifyRequest;
import dev.facesearch.api.v1.IdentifyResponse;
import dev.facesearch.bench.load.GalleryCache;
import dev.facesearch.bench.load.GalleryCompaction;
import dev.facesearch.bench.load.LoadServer;
import dev.facesearch.bench.pipeline.ProjectFiles;
import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.gallery.CollectionSpec;
import dev.facesearch.server.gallery.Gallery;
import dev.facesearch.server.gallery.NewFace;
import dev.facesearch.server.gallery.VectorEncoding;
import dev.facesearch.server.gallery.lucene.LuceneGallery;
import dev.facesearch.server.vector.Vectors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Identify by embedding over gRPC on a real server ({@link LoadServer}: Netty on loopback) holding
 * the peers' gallery, one call after another from one client in this JVM.
 *
 * <p>Every face is enrolled as its own subject, so that Identify's top 10 distinct subjects are the
 * top 10 faces and its recall@10 is the same measure as the libraries'. The faces go in through the
 * server's {@link LuceneGallery} (one Enroll per face from many callers, each durable), then the
 * index is compacted to one segment ({@link GalleryCompaction}), so the server searches one graph,
 * like the gallery alone and the peers. The compacted collection is kept in {@code
 * bench/target/peers-gallery} ({@link GalleryCache}) for the next run of the same gallery: a
 * hundred thousand durable Enrolls take minutes. Each candidate count gets a freshly started server
 * on that folder ({@code searchCandidates} is a server setting), with the exact scan for small
 * collections turned off.
 */
final class IdentifyPath {
  static final String ENGINE = "Identify over gRPC (1 client)";

  private static final String COLLECTION = "peers";

  /** The server's access log ({@code CallObserver}): one line per call unless turned off. */
  private static final String ACCESS_LOG = "facesearch.access";

  /** Concurrent Enroll callers: each waits for a commit, which the callers in flight share. */
  private static final int ENROLL_THREADS = 128;

  private final PeerPlan plan;
  private final SyntheticGallery gallery;
  private final Path data;
  private final PrintStream log;
  private String note = "";
  private String buildNote = "";

  IdentifyPath(PeerPlan plan, SyntheticGallery gallery, Path data, PrintStream log) {
    this.plan = plan;
    this.gallery = gallery;
    this.data = data;
    this.log = log;
  }

  /** How the server's gallery was built. */
  String note() {
    return note;
  }

  /** One row per candidate count of the plan, in the same order. */
  List<PeerRow> run(int[][] truth) throws IOException, InterruptedException {
    ServerSettings settings =
        LoadServer.settings(data, ProjectFiles.modelsDir()).toBuilder()
            .exactSearchMaxFaces(0)
            .build();
    GalleryCache cache =
        new GalleryCache(
            ProjectFiles.root().resolve("bench").resolve("target").resolve("peers-gallery"),
            String.format(
                "%s-%d-per%d-seed%d-M%d-b%d",
                plan.data(),
                gallery.size(),
                plan.perIdentity(),
                plan.gallerySeed(),
                SearchPlan.BASE_M,
                SearchPlan.BASE_BEAM));
    GalleryCache.Outcome outcome = cache.copyInto(data, COLLECTION, kept -> build(settings, kept));
    note =
        outcome.built()
            ? buildNote + String.format(" (%.1f s in all)", outcome.buildSeconds())
            : String.format(
                "kept from an earlier run (bench/target/peers-gallery), %d segment(s)",
                outcome.segments());
    log.println("  identify: " + note);

    List<IdentifyRequest> requests = requests();
    List<PeerRow> rows = new ArrayList<>();
    // The logger is held here while the servers run: a logger nobody references can be collected,
    // and its level with it.
    Logger accessLog = Logger.getLogger(ACCESS_LOG);
    Level level = accessLog.getLevel();
    if (!plan.accessLog()) {
      accessLog.setLevel(Level.OFF);
    }
    try {
      measure(settings, requests, truth, rows);
    } finally {
      accessLog.setLevel(level);
    }
    return rows;
  }

  private void measure(
      ServerSettings settings, List<IdentifyRequest> requests, int[][] truth, List<PeerRow> rows)
      throws IOException {
    for (int k : plan.settings()) {
      try (LoadServer server = LoadServer.start(settings.toBuilder().searchCandidates(k).build())) {
        FaceSearchGrpc.FaceSearchBlockingStub stub = server.blockingStub();
        if (rows.isEmpty()) {
          checkHoldsTheGallery(stub);
          // The first server also compiles the whole call path, client and server side.
          ThreadedLoop.qps(
              1,
              requests.size(),
              q -> stub.identify(requests.get(q)),
              Duration.ZERO,
              plan.warmup().multipliedBy(3));
        }
        int[][] found = new int[requests.size()][];
        for (int q = 0; q < found.length; q++) {
          found[q] = faces(stub.identify(requests.get(q)));
        }
        double qps =
            ThreadedLoop.qps(
                1,
                requests.size(),
                q -> stub.identify(requests.get(q)),
                plan.warmup(),
                plan.measure());
        PeerRow row =
            new PeerRow(
                ENGINE,
                "k",
                k,
                Quality.recall(found, truth),
                Quality.top1IdentityRate(gallery, found),
                qps);
        log.printf(
            "  identify k=%d: recall@10 %.4f, top-1 %.4f, %,.0f QPS%n",
            k, row.recall(), row.top1(), qps);
        rows.add(row);
      }
    }
  }

  /**
   * Enrolls every face into a collection of a new data folder and compacts it to one segment;
   * returns the seconds it took.
   */
  private double build(ServerSettings settings, Path kept) throws IOException {
    long start = System.nanoTime();
    log.printf(
        "  identify: enrolling %,d faces, one per subject, %d callers...%n",
        gallery.size(), ENROLL_THREADS);
    double enrollSeconds;
    try (Gallery server = LuceneGallery.open(settings.withDataDir(kept), Clock.systemUTC())) {
      enrollSeconds = enroll(server);
    }
    Path index = kept.resolve("collections").resolve(COLLECTION);
    int segments = segments(index);
    double compactSeconds;
    try {
      compactSeconds =
          GalleryCompaction.compact(settings.withDataDir(kept), COLLECTION).elapsed().toMillis()
              / 1000.0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while compacting", e);
    }
    buildNote =
        String.format(
            "%,d faces enrolled in %.1f s (%,.0f faces/s, %d segments), compacted to one in %.1f s",
            gallery.size(),
            enrollSeconds,
            gallery.size() / enrollSeconds,
            segments,
            compactSeconds);
    return (System.nanoTime() - start) / 1e9;
  }

  private double enroll(Gallery server) throws IOException {
    server.create(
        new CollectionSpec(
            COLLECTION,
            "external",
            gallery.dimension(),
            1f,
            SearchPlan.BASE_M,
            SearchPlan.BASE_BEAM,
            VectorEncoding.FLOAT32,
            Instant.now(),
            DetectionSettings.NONE));
    long start = System.nanoTime();
    AtomicInteger next = new AtomicInteger();
    ExecutorService callers =
        Executors.newFixedThreadPool(
            ENROLL_THREADS, Thread.ofPlatform().name("peers-enroll-", 0).factory());
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < ENROLL_THREADS; t++) {
        work.add(
            callers.submit(() -> {
              for (int f = next.getAndIncrement(); f < gallery.size(); f = next.getAndIncrement()) {
                float[] vector = gallery.faces()[f];
                server.enroll(
                    COLLECTION,
                    gallery.faceId(f),
                    List.of(new NewFace(vector, Vectors.contentHash(vector))),
                    Map.of());
              }
              return null;
            }));
      }
      for (Future<?> w : work) {
        w.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while enrolling", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException("enrolling the peers' gallery failed", e.getCause());
    } finally {
      callers.shutdownNow();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * Fails unless the server finds some of the gallery's own faces at distance 0 under their own
   * ids: a kept collection that no longer matches the generator would otherwise pass for bad
   * recall.
   */
  private void checkHoldsTheGallery(FaceSearchGrpc.FaceSearchBlockingStub stub) {
    for (int f = 0; f < gallery.size(); f += Math.max(1, gallery.size() / 20)) {
      IdentifyResponse response = stub.identify(request(gallery.faces()[f], 1));
      Candidate first = response.getResults(0).getCandidates(0);
      if (!first.getSubjectId().equals(gallery.faceId(f)) || first.getDistance() > 1e-5f) {
        throw new IllegalStateException(
            "the server's collection does not hold the generated faces (face "
                + f
                + " found as "
                + first.getSubjectId()
                + " at "
                + first.getDistance()
                + "); delete bench/target/peers-gallery");
      }
    }
  }

  /** One request per query: top 10 subjects, which are faces here. */
  private List<IdentifyRequest> requests() {
    List<IdentifyRequest> requests = new ArrayList<>();
    for (float[] query : gallery.queries()) {
      requests.add(request(query, GalleryBench.RECALL_AT));
    }
    return requests;
  }

  private static IdentifyRequest request(float[] vector, int topK) {
    Embedding.Builder embedding = Embedding.newBuilder();
    for (float v : vector) {
      embedding.addValues(v);
    }
    return IdentifyRequest.newBuilder()
        .setCollection(COLLECTION)
        .setInput(FaceInput.newBuilder().setEmbedding(embedding))
        .setTopK(topK)
        .build();
  }

  /** The faces of the candidates, nearest first: each subject id is its face's id. */
  private static int[] faces(IdentifyResponse response) {
    return response.getResults(0).getCandidatesList().stream()
        .map(Candidate::getSubjectId)
        .mapToInt(SyntheticGallery::faceOf)
        .toArray();
  }

  private static int segments(Path index) throws IOException {
    try (Directory directory = FSDirectory.open(index)) {
      return SegmentInfos.readLatestCommit(directory).size();
    }
  }
}
