package dev.facesearch.server.gallery.opensearch;

import static dev.facesearch.server.testing.DiskScan.bytesOf;
import static dev.facesearch.server.testing.DiskScan.filesContain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.gallery.CollectionSpec;
import dev.facesearch.server.gallery.Enrollment;
import dev.facesearch.server.gallery.Match;
import dev.facesearch.server.gallery.NewFace;
import dev.facesearch.server.gallery.Sharding;
import dev.facesearch.server.gallery.VectorEncoding;
import dev.facesearch.server.testing.FaceLikeVectors;
import dev.facesearch.server.testing.opensearch.OpenSearchCluster;
import dev.facesearch.server.testing.opensearch.OpenSearchClusterExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deletes purge on the cluster too: after a delete, the deleted faces' vectors and ids leave the
 * files of every node that held a copy, and the other faces stay. Read from the nodes' data folders
 * themselves, on a collection with one replica (two copies).
 */
@EnabledIf("dev.facesearch.server.testing.opensearch.OpenSearchCluster#enabled")
@ExtendWith(OpenSearchClusterExtension.class)
class OpenSearchPurgeTest {
  private static final String C = "purged";

  /** The cluster's retention leases move every 30 s; a purge takes up to about that. */
  private static final Duration PURGE_TIMEOUT = Duration.ofSeconds(120);

  private final FaceLikeVectors faces = new FaceLikeVectors(77);
  private OpenSearchCluster cluster;

  @AfterEach
  void wipe() throws Exception {
    if (cluster != null) {
      cluster.wipe();
    }
  }

  @Test
  void deleteSubjectAndFace_purgeTheirBytesFromEveryCopy(OpenSearchCluster shared)
      throws Exception {
    cluster = shared;
    float[] doomed = faces.identity();
    float[] kept = faces.identity();
    float[] keptFirstView = faces.view(kept);
    float[] droppedView = faces.view(kept);
    String doomedId = "purge-me-subject-5c2e8d";
    String keptId = "keep-me-subject-a41f07";
    try (OpenSearchGallery gallery = connect()) {
      gallery.create(spec());
      cluster.awaitHealth("green", cluster.size(), Duration.ofMinutes(1));
      gallery.enroll(C, doomedId, List.of(new NewFace(doomed, "h1")), Map.of());
      List<Enrollment> keptFaces =
          gallery.enroll(
              C,
              keptId,
              List.of(new NewFace(keptFirstView, "h2"), new NewFace(droppedView, "h3")),
              Map.of());
      flush();
      assertEquals(2, copiesHolding(bytesOf(doomed)), "the scan must see both copies");
      assertEquals(2, copiesHolding(doomedId.getBytes(StandardCharsets.UTF_8)));
      assertEquals(2, copiesHolding(bytesOf(droppedView)));

      assertEquals(1, gallery.deleteSubject(C, doomedId));
      assertEquals(keptId, gallery.deleteFace(C, keptFaces.get(1).faceId()).orElseThrow());
      // Gone from answers at once.
      assertEquals(
          List.of(keptId),
          gallery.nearestSubjects(C, doomed, 5).stream().map(Match::subjectId).toList());
      assertEquals(1, gallery.subject(C, keptId).orElseThrow().faceCount());

      Duration took =
          awaitPurged(
              gallery,
              List.of(
                  bytesOf(doomed),
                  doomedId.getBytes(StandardCharsets.UTF_8),
                  bytesOf(droppedView)));
      System.out.println("deleted faces purged from both copies in " + took.toMillis() + " ms");
      assertEquals(2, copiesHolding(bytesOf(keptFirstView)), "kept face lost");
      assertEquals(2, copiesHolding(keptId.getBytes(StandardCharsets.UTF_8)));
      assertEquals(0, gallery.pendingPurges());
    }
  }

  @Test
  void purgeCutShortByAClose_isFinishedByTheNextGallery(OpenSearchCluster shared) throws Exception {
    cluster = shared;
    float[] doomed = faces.identity();
    float[] kept = faces.identity();
    try (OpenSearchGallery gallery = connect()) {
      gallery.create(spec());
      cluster.awaitHealth("green", cluster.size(), Duration.ofMinutes(1));
      gallery.enroll(C, "doomed", List.of(new NewFace(doomed, "h1")), Map.of());
      gallery.enroll(C, "kept", List.of(new NewFace(kept, "h2")), Map.of());
      flush();
      assertEquals(1, gallery.deleteSubject(C, "doomed"));
      // Closed at once, as a server stopped right after the delete: its purge has not run.
      assertEquals(1, gallery.pendingPurges());
    }
    assertEquals(2, copiesHolding(bytesOf(doomed)), "purged before the leases moved?");

    try (OpenSearchGallery restarted = connect()) {
      awaitPurged(restarted, List.of(bytesOf(doomed)));
      assertEquals(2, copiesHolding(bytesOf(kept)), "kept face lost");
      assertEquals(
          List.of("kept"),
          restarted.nearestSubjects(C, doomed, 5).stream().map(Match::subjectId).toList());
    }
  }

  private OpenSearchGallery connect() {
    return OpenSearchGallery.connect(
        cluster.urls().stream().map(URI::create).toList(),
        ServerSettings.DEFAULT_SEARCH_CANDIDATES,
        Clock.systemUTC());
  }

  private static CollectionSpec spec() {
    return new CollectionSpec(
            C,
            "external",
            128,
            1.0f,
            16,
            100,
            VectorEncoding.FLOAT32,
            Instant.parse("2026-01-01T00:00:00Z"),
            DetectionSettings.NONE)
        .withSharding(new Sharding(1, 1));
  }

  /** Commits what was indexed, so the faces are in segment files, not only in the translog. */
  private void flush() throws IOException {
    assertEquals(200, cluster.request("POST", "/_flush", null).status());
  }

  /** Waits until no node's files hold any of these bytes; how long that took. */
  private Duration awaitPurged(OpenSearchGallery gallery, List<byte[]> needles)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    Duration waited = Duration.ZERO;
    while (needles.stream().anyMatch(n -> copiesHolding(n) > 0)) {
      waited = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(
          waited.compareTo(PURGE_TIMEOUT) < 0,
          "deleted bytes still on the nodes' disks after "
              + PURGE_TIMEOUT
              + "; pending purges "
              + gallery.pendingPurges());
      Thread.sleep(500);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** How many nodes have a file under their data folder that contains these bytes. */
  private int copiesHolding(byte[] needle) {
    int nodes = 0;
    for (int i = 0; i < cluster.size(); i++) {
      if (filesContain(cluster.dataFolder(i), needle)) {
        nodes++;
      }
    }
    return nodes;
  }
}
