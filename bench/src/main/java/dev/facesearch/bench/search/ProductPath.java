package dev.facesearch.bench.search;

import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.gallery.CollectionSpec;
import dev.facesearch.server.gallery.Gallery;
import dev.facesearch.server.gallery.Match;
import dev.facesearch.server.gallery.NewFace;
import dev.facesearch.server.gallery.VectorEncoding;
import dev.facesearch.server.gallery.lucene.LuceneGallery;
import dev.facesearch.server.vector.Vectors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;

/**
 * The server's own search path on the same gallery: {@link LuceneGallery} through the {@link
 * Gallery} interface (float32, M16, beam 100, the default candidate count), enrolled the way
 * clients enroll (one subject's faces per call, from concurrent callers, each call durable).
 *
 * <p>Measured once with every search through the graph, once with the exact scan (the gallery
 * reopened with the exact-search limit above the gallery size), so the product's HNSW speed-up and
 * its subject-level recall sit beside the raw-Lucene figures of the same run.
 */
final class ProductPath {
  private static final String COLLECTION = "bench";

  /** Concurrent enrolling callers: as many as the server's RPC threads. */
  private static final int ENROLL_THREADS = ServerSettings.DEFAULT_RPC_THREADS;

  private final SearchPlan plan;
  private final SyntheticGallery gallery;
  private final Path data;
  private final PrintStream log;
  private String note = "";

  ProductPath(SearchPlan plan, SyntheticGallery gallery, Path data, PrintStream log) {
    this.plan = plan;
    this.gallery = gallery;
    this.data = data;
    this.log = log;
  }

  /** How the gallery was enrolled and what its index looked like after. */
  String note() {
    return note;
  }

  List<GalleryBench.Row> run() throws IOException {
    ServerSettings graph = ServerSettings.defaults().withDataDir(data).withExactSearchMaxFaces(0);
    try {
      double enrollSeconds;
      GalleryBench.Row hnsw;
      String[][] graphTop;
      try (Gallery product = LuceneGallery.open(graph, Clock.systemUTC())) {
        product.create(
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
        log.printf(
            "  product: enrolling %,d faces with %d callers...%n", gallery.size(), ENROLL_THREADS);
        long start = System.nanoTime();
        enroll(product);
        enrollSeconds = (System.nanoTime() - start) / 1e9;
        graphTop = answers(product);
        hnsw =
            row(product, "LuceneGallery HNSW", ServerSettings.DEFAULT_SEARCH_CANDIDATES, graphTop);
      }
      int segments = segments();
      ServerSettings exact = graph.withExactSearchMaxFaces(Integer.MAX_VALUE);
      GalleryBench.Row scan;
      try (Gallery product = LuceneGallery.open(exact, Clock.systemUTC())) {
        String[][] exactTop = answers(product);
        scan = row(product, "LuceneGallery exact scan", 0, exactTop);
        hnsw =
            new GalleryBench.Row(
                hnsw.label(),
                hnsw.k(),
                hnsw.top1(),
                recall(graphTop, exactTop),
                Double.NaN,
                hnsw.qps());
      }
      note =
          String.format(
              "enrolled %,d faces (%,d subjects, %d per call) from %d callers in %.1f s"
                  + " (%.0f faces/s); %d segments after",
              gallery.size(),
              gallery.identityCount(),
              plan.perIdentity(),
              ENROLL_THREADS,
              enrollSeconds,
              gallery.size() / enrollSeconds,
              segments);
      log.println("  product: " + note);
      return List.of(hnsw, scan);
    } finally {
      IOUtils.rm(data);
    }
  }

  private void enroll(Gallery product) throws IOException {
    int subjects = gallery.identityCount();
    ExecutorService callers =
        Executors.newFixedThreadPool(
            ENROLL_THREADS, Thread.ofPlatform().name("enroll-", 0).factory());
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int s = 0; s < subjects; s++) {
        int subject = s;
        calls.add(callers.submit(() -> enrollSubject(product, subject)));
      }
      for (Future<?> call : calls) {
        call.get();
      }
    } catch (Exception e) {
      throw new IOException("enrollment failed", e);
    } finally {
      callers.shutdownNow();
    }
  }

  private void enrollSubject(Gallery product, int subject) {
    List<NewFace> faces = new ArrayList<>();
    for (int f = subject * plan.perIdentity();
        f < Math.min(gallery.size(), (subject + 1) * plan.perIdentity());
        f++) {
      float[] vector = gallery.faces()[f];
      faces.add(new NewFace(vector, Vectors.contentHash(vector)));
    }
    product.enroll(COLLECTION, "s" + subject, faces, Map.of());
  }

  /** The top subjects of every query. */
  private String[][] answers(Gallery product) {
    return IntStream.range(0, gallery.queries().length)
        .parallel()
        .mapToObj(q ->
            product
                .nearestSubjects(COLLECTION, gallery.queries()[q], GalleryBench.RECALL_AT)
                .stream()
                .map(Match::subjectId)
                .toArray(String[]::new))
        .toArray(String[][]::new);
  }

  private GalleryBench.Row row(Gallery product, String label, int k, String[][] top) {
    int right = 0;
    for (int q = 0; q < top.length; q++) {
      if (top[q].length > 0 && top[q][0].equals("s" + gallery.queryIdentity()[q])) {
        right++;
      }
    }
    double[] qps =
        plan.threads().stream()
            .mapToDouble(threads ->
                ThreadedLoop.qps(
                    threads,
                    gallery.queries().length,
                    q ->
                        product.nearestSubjects(
                            COLLECTION, gallery.queries()[q], GalleryBench.RECALL_AT),
                    plan.warmup(),
                    plan.measure()))
            .toArray();
    GalleryBench.Row row =
        new GalleryBench.Row(label, k, right / (double) top.length, 1, Double.NaN, qps);
    log.printf("  %s: top-1 %.4f, QPS %s%n", label, row.top1(), GalleryBench.qpsText(qps));
    return row;
  }

  /** Subject-level recall@10 of the graph path against the exact path. */
  private static double recall(String[][] found, String[][] exact) {
    double sum = 0;
    for (int q = 0; q < found.length; q++) {
      List<String> truth = List.of(exact[q]);
      long hits = java.util.Arrays.stream(found[q]).filter(truth::contains).count();
      sum += hits / (double) Math.max(1, truth.size());
    }
    return sum / found.length;
  }

  private int segments() throws IOException {
    try (Directory directory = FSDirectory.open(data.resolve("collections").resolve(COLLECTION))) {
      return SegmentInfos.readLatestCommit(directory).size();
    }
  }
}
