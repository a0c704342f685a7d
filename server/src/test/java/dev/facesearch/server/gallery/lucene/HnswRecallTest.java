package dev.facesearch.server.gallery.lucene;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.gallery.CollectionSpec;
import dev.facesearch.server.gallery.FaceIds;
import dev.facesearch.server.gallery.Gallery;
import dev.facesearch.server.gallery.Match;
import dev.facesearch.server.gallery.NewFace;
import dev.facesearch.server.gallery.VectorEncoding;
import dev.facesearch.server.testing.FaceLikeVectors;
import dev.facesearch.server.vector.Vectors;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall of the HNSW path against brute force, on a gallery the size of a real deployment's first
 * weeks: 2,000 identities with 10 photos each, made as identity direction plus noise.
 */
class HnswRecallTest {
  private static final int IDENTITIES = 2_000;
  private static final int PHOTOS_PER_IDENTITY = 10;
  private static final int QUERIES = 500;

  @TempDir Path data;

  @Test
  void nearestFace_recallAtOneAgainstBruteForce_isAtLeast98Percent() throws Exception {
    FaceLikeVectors faces = new FaceLikeVectors(20_000);
    List<float[]> identities = new ArrayList<>();
    List<float[]> enrolled = new ArrayList<>();
    List<String> enrolledIds = new ArrayList<>();
    // Every search goes through the graph: exact search is switched off.
    ServerSettings settings =
        ServerSettings.defaults().withDataDir(data).withExactSearchMaxFaces(0);
    try (Gallery gallery = LuceneGallery.open(settings, Clock.systemUTC())) {
      gallery.create(
          new CollectionSpec(
              "recall",
              "external",
              128,
              1f,
              16,
              100,
              VectorEncoding.FLOAT32,
              Instant.EPOCH,
              DetectionSettings.NONE));
      for (int s = 0; s < IDENTITIES; s++) {
        float[] identity = faces.identity();
        identities.add(identity);
        List<NewFace> photos = new ArrayList<>();
        for (int p = 0; p < PHOTOS_PER_IDENTITY; p++) {
          float[] photo = faces.view(identity);
          photos.add(new NewFace(photo, Vectors.contentHash(photo)));
          enrolled.add(photo);
          enrolledIds.add(FaceIds.of("id-" + s, Vectors.contentHash(photo)));
        }
        gallery.enroll("recall", "id-" + s, photos, Map.of());
      }

      int agree = 0;
      for (int q = 0; q < QUERIES; q++) {
        float[] query = faces.view(identities.get((q * 7919) % IDENTITIES));
        int best = 0;
        for (int i = 1; i < enrolled.size(); i++) {
          if (FaceLikeVectors.squareDistance(query, enrolled.get(i))
              < FaceLikeVectors.squareDistance(query, enrolled.get(best))) {
            best = i;
          }
        }
        Match top = gallery.nearestSubjects("recall", query, 1).getFirst();
        if (top.faceId().equals(enrolledIds.get(best))) {
          agree++;
        }
      }
      double recall = agree / (double) QUERIES;
      System.out.printf(
          "HNSW recall@1 against brute force: %d/%d = %.4f%n", agree, QUERIES, recall);
      assertTrue(recall >= 0.98, "recall@1 " + recall + " < 0.98");
    }
  }
}
