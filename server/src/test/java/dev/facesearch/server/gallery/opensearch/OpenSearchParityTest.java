package dev.facesearch.server.gallery.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.gallery.CollectionSpec;
import dev.facesearch.server.gallery.FaceIds;
import dev.facesearch.server.gallery.Match;
import dev.facesearch.server.gallery.NewFace;
import dev.facesearch.server.gallery.Sharding;
import dev.facesearch.server.gallery.VectorEncoding;
import dev.facesearch.server.gallery.lucene.LuceneGallery;
import dev.facesearch.server.testing.FaceLikeVectors;
import dev.facesearch.server.testing.TestServer;
import dev.facesearch.server.testing.opensearch.OpenSearchCluster;
import dev.facesearch.server.testing.opensearch.OpenSearchClusterExtension;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.util.VectorUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collection of 3 shards on OpenSearch gives the same top-1 answers as the embedded gallery on
 * the same face-like vectors (-Dfacesearch.opensearch.parity.faces, default 100000).
 *
 * <p>Both galleries answer through HNSW (the embedded one is told to scan only galleries of at most
 * 0 faces), with 200 candidates each. HNSW is approximate and its graphs are built differently (one
 * index of many segments against three shards), so a rare query can be a miss on one side: the test
 * allows 3 differences in 500, each of which must be a miss (one of the two answers is the exact
 * nearest face, found by brute force), never two different wrong answers. The OpenSearch index is
 * loaded with large bulk requests in this test's layout (the gallery's own Enroll waits for a
 * refresh per call, which is for acknowledged writes, not for loading 100k faces in a test).
 */
@EnabledIf("dev.facesearch.server.testing.opensearch.OpenSearchCluster#enabled")
@ExtendWith(OpenSearchClusterExtension.class)
class OpenSearchParityTest {
  private static final String C = "parity";
  private static final int QUERIES = 500;
  private static final int BULK = 2000;
  private static final int CANDIDATES = 1000;
  private static final int MOST_DIFFERENCES = 3;

  @TempDir Path data;
  private OpenSearchCluster cluster;

  @AfterEach
  void wipe() throws Exception {
    if (cluster != null) {
      cluster.wipe();
    }
  }

  @Test
  void threeShards_sameTopOneAsEmbeddedGallery(OpenSearchCluster shared) throws Exception {
    cluster = shared;
    int faces = Integer.getInteger("facesearch.opensearch.parity.faces", 100_000);
    CollectionSpec spec =
        new CollectionSpec(
            C,
            "external",
            128,
            1.0f,
            16,
            100,
            VectorEncoding.FLOAT32,
            Instant.parse("2026-01-01T00:00:00Z"),
            DetectionSettings.NONE);
    // One subject per face; queries are other photos of enrolled subjects.
    FaceLikeVectors vectors = new FaceLikeVectors(2026);
    float[][] identities = new float[faces][];
    float[][] enrolled = new float[faces][];
    for (int i = 0; i < faces; i++) {
      identities[i] = vectors.identity();
      enrolled[i] = vectors.view(identities[i]);
    }
    float[][] queries = new float[QUERIES][];
    int[] expected = new int[QUERIES];
    for (int q = 0; q < QUERIES; q++) {
      expected[q] = (int) ((long) q * faces / QUERIES);
      queries[q] = vectors.view(identities[expected[q]]);
    }

    try (LuceneGallery embedded =
            LuceneGallery.open(
                TestServer.settings(data).toBuilder()
                    .searchCandidates(CANDIDATES)
                    .build()
                    .withExactSearchMaxFaces(0),
                Clock.systemUTC());
        OpenSearchGallery distributed =
            OpenSearchGallery.connect(
                cluster.urls().stream().map(URI::create).toList(), CANDIDATES, Clock.systemUTC())) {
      embedded.create(spec);
      distributed.create(spec.withSharding(new Sharding(3, 0)));

      long start = System.nanoTime();
      loadEmbedded(embedded, enrolled);
      long embeddedMillis = (System.nanoTime() - start) / 1_000_000;
      start = System.nanoTime();
      loadOpenSearch(enrolled);
      long openSearchMillis = (System.nanoTime() - start) / 1_000_000;
      System.out.printf(
          "loaded %d faces: embedded %d ms, OpenSearch (3 shards, bulk %d) %d ms%n",
          faces, embeddedMillis, BULK, openSearchMillis);
      assertEquals(faces, distributed.stats(C).faces());

      int correct = 0;
      List<String> differences = new ArrayList<>();
      for (int q = 0; q < QUERIES; q++) {
        Match a = embedded.nearestSubjects(C, queries[q], 1).getFirst();
        Match b = distributed.nearestSubjects(C, queries[q], 1).getFirst();
        if (a.subjectId().equals(b.subjectId())) {
          // Both recompute the distance from the stored vector with the same kernel. Within a few
          // ulps, not bit for bit: the Vector API leaves the order of a lane reduction open, and
          // the interpreted and the JIT-compiled kernel sum the lanes in different orders.
          assertEquals(a.distance(), b.distance(), 4 * Math.ulp(a.distance()), "query " + q);
        } else {
          String exact = "s" + exactNearest(enrolled, queries[q]);
          assertTrue(
              a.subjectId().equals(exact) || b.subjectId().equals(exact),
              "query " + q + ": embedded " + a + ", OpenSearch " + b + ", exact " + exact);
          differences.add(
              "query "
                  + q
                  + ": embedded "
                  + a.subjectId()
                  + ", OpenSearch "
                  + b.subjectId()
                  + ", exact "
                  + exact);
        }
        if (b.subjectId().equals("s" + expected[q])) {
          correct++;
        }
      }
      System.out.println(
          (QUERIES - differences.size())
              + " of "
              + QUERIES
              + " top-1 answers equal; "
              + differences);
      assertTrue(differences.size() <= MOST_DIFFERENCES, differences.toString());
      // Not a tautology: the cluster also finds the right person for (almost) every photo.
      assertTrue(correct >= QUERIES * 0.99, correct + " of " + QUERIES + " top-1 correct");
    }
  }

  /** The index of the enrolled vector nearest to the query, by brute force. */
  private static int exactNearest(float[][] enrolled, float[] query) {
    int nearest = -1;
    float best = Float.POSITIVE_INFINITY;
    for (int i = 0; i < enrolled.length; i++) {
      float d = VectorUtil.squareDistance(enrolled[i], query);
      if (d < best) {
        best = d;
        nearest = i;
      }
    }
    return nearest;
  }

  /** Enrolls one face per call from many threads, so that group commit shares the commits. */
  private static void loadEmbedded(LuceneGallery gallery, float[][] enrolled) throws Exception {
    int threads = 64;
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        calls.add(
            pool.submit(() -> {
              for (int i = next.getAndIncrement();
                  i < enrolled.length;
                  i = next.getAndIncrement()) {
                gallery.enroll(C, "s" + i, List.of(new NewFace(enrolled[i], "h" + i)), Map.of());
              }
            }));
      }
      for (Future<?> call : calls) {
        call.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void loadOpenSearch(float[][] enrolled) throws Exception {
    Instant now = Instant.now();
    for (int from = 0; from < enrolled.length; from += BULK) {
      StringBuilder bulk = new StringBuilder();
      for (int i = from; i < Math.min(enrolled.length, from + BULK); i++) {
        String faceId = FaceIds.of("s" + i, "h" + i);
        JsonObject target = new JsonObject();
        target.addProperty("_index", FaceIndexLayout.index(C));
        target.addProperty("_id", faceId);
        JsonObject action = new JsonObject();
        action.add("create", target);
        bulk.append(action).append('\n');
        bulk.append(FaceIndexLayout.document(faceId, "s" + i, enrolled[i], "h" + i, now, Map.of()))
            .append('\n');
      }
      OpenSearchCluster.Response response = cluster.bulk(bulk.toString());
      assertEquals(200, response.status(), response.body());
      assertTrue(!response.body().contains("\"errors\":true"), "bulk errors");
    }
    assertEquals(
        200, cluster.request("POST", "/" + FaceIndexLayout.index(C) + "/_refresh", null).status());
  }
}
