package dev.facesearch.server.gallery.lucene;

import static dev.facesearch.server.testing.DiskScan.bytesOf;
import static dev.facesearch.server.testing.DiskScan.filesContain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.core.AlreadyExistsException;
import dev.facesearch.server.core.NotFoundException;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.gallery.CollectionSpec;
import dev.facesearch.server.gallery.Enrollment;
import dev.facesearch.server.gallery.FaceIds;
import dev.facesearch.server.gallery.Gallery;
import dev.facesearch.server.gallery.Match;
import dev.facesearch.server.gallery.NewFace;
import dev.facesearch.server.gallery.Subject;
import dev.facesearch.server.gallery.SubjectPage;
import dev.facesearch.server.gallery.VectorEncoding;
import dev.facesearch.server.landmark.LandmarkModel;
import dev.facesearch.server.testing.FaceLikeVectors;
import dev.facesearch.server.vector.Vectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneGalleryTest {
  private static final String C = "people";

  @TempDir Path data;
  private Gallery gallery;
  private final FaceLikeVectors faces = new FaceLikeVectors(1234);

  @BeforeEach
  void open() throws IOException {
    gallery = openGallery(ServerSettings.DEFAULT_EXACT_SEARCH_MAX_FACES);
    gallery.create(spec(C));
  }

  @AfterEach
  void close() throws IOException {
    gallery.close();
  }

  private Gallery openGallery(int exactSearchMaxFaces) throws IOException {
    return LuceneGallery.open(
        ServerSettings.defaults().withDataDir(data).withExactSearchMaxFaces(exactSearchMaxFaces),
        Clock.systemUTC());
  }

  private static CollectionSpec spec(String name) {
    return new CollectionSpec(
        name,
        "external",
        128,
        1.0f,
        16,
        100,
        VectorEncoding.FLOAT32,
        Instant.parse("2026-01-01T00:00:00Z"),
        new DetectionSettings(
            DetectorKind.TINY_FACE, 0.6f, null, 10, null, 320, 1, false, LandmarkModel.DLIB));
  }

  private static NewFace face(float[] vector) {
    return new NewFace(vector, Vectors.contentHash(vector));
  }

  private List<Enrollment> enroll(String subject, float[]... vectors) {
    return gallery.enroll(
        C, subject, Stream.of(vectors).map(LuceneGalleryTest::face).toList(), Map.of());
  }

  @Test
  void create_thenSpecAndListReturnIt() {
    assertEquals(spec(C), gallery.spec(C));
    gallery.create(spec("another"));
    assertEquals(List.of(spec("another"), spec(C)), gallery.list());
  }

  @Test
  void create_existingName_isRefused() {
    assertThrows(AlreadyExistsException.class, () -> gallery.create(spec(C)));
  }

  @Test
  void unknownCollection_isNotFound() {
    assertThrows(NotFoundException.class, () -> gallery.spec("nope"));
    assertThrows(NotFoundException.class, () -> gallery.delete("nope"));
    assertThrows(
        NotFoundException.class, () -> gallery.nearestSubjects("nope", faces.identity(), 1));
  }

  @Test
  void delete_removesCollectionAndItsFolder() {
    enroll("alice", faces.identity());
    gallery.delete(C);
    assertThrows(NotFoundException.class, () -> gallery.spec(C));
    assertFalse(Files.exists(data.resolve("collections").resolve(C)));
    assertEquals(List.of(), gallery.list());
    // The name is free again, and the new collection starts empty.
    gallery.create(spec(C));
    assertEquals(0, gallery.stats(C).faces());
  }

  @Test
  void enroll_sameInputTwice_isStoredOnceUnderOneId() {
    float[] v = faces.identity();
    Enrollment first = enroll("alice", v).getFirst();
    Enrollment again = enroll("alice", v).getFirst();
    List<Enrollment> inOneCall = enroll("alice", v, v);
    assertTrue(first.created());
    assertFalse(again.created());
    assertEquals(first.faceId(), again.faceId());
    assertFalse(inOneCall.get(0).created() || inOneCall.get(1).created());
    assertEquals(1, gallery.stats(C).faces());
    // The same input for another subject is another face.
    assertTrue(enroll("bob", v).getFirst().created());
    assertEquals(2, gallery.stats(C).faces());
  }

  @Test
  void nearestSubjects_returnsOneEntryPerSubjectWithItsNearestFace() {
    float[] alice = faces.identity();
    float[] query = faces.view(alice);
    float[][] aliceFaces = {faces.view(alice), faces.view(alice), faces.view(alice)};
    enroll("alice", aliceFaces);
    enroll("bob", faces.identity());
    enroll("carol", faces.identity());

    List<Match> nearest = gallery.nearestSubjects(C, query, 10);

    assertEquals(List.of("alice"), nearest.stream().limit(1).map(Match::subjectId).toList());
    assertEquals(3, nearest.size(), "one entry per subject");
    double best = Double.MAX_VALUE;
    for (float[] f : aliceFaces) {
      best = Math.min(best, FaceLikeVectors.squareDistance(query, f));
    }
    assertEquals(best, nearest.getFirst().distance(), 1e-5);
    for (int i = 1; i < nearest.size(); i++) {
      assertTrue(nearest.get(i - 1).distance() <= nearest.get(i).distance());
    }
  }

  @Test
  void nearestSubjects_hnswAndExactPathsAgree() throws IOException {
    List<float[]> identities = new ArrayList<>();
    for (int s = 0; s < 200; s++) {
      float[] identity = faces.identity();
      identities.add(identity);
      enroll("s" + s, faces.view(identity), faces.view(identity));
    }
    List<List<Match>> exact = new ArrayList<>();
    List<float[]> queries = identities.stream().limit(30).map(faces::view).toList();
    for (float[] q : queries) {
      exact.add(gallery.nearestSubjects(C, q, 3));
    }
    gallery.close();
    gallery = openGallery(0);
    for (int i = 0; i < queries.size(); i++) {
      assertSameMatches(exact.get(i), gallery.nearestSubjects(C, queries.get(i), 3));
    }
  }

  @Test
  void nearestSubjects_breaksTiesBySubjectThenFaceId_onBothPaths() throws IOException {
    // alice: two faces mirrored around the query, so at exactly one distance from it.
    float[] query = axis(0, 1, 0);
    float[] aliceUp = axis(0, 1, 0.2f);
    float[] aliceDown = axis(0, 1, -0.2f);
    enroll("alice", aliceUp, aliceDown);
    // Three subjects with one identical face, farther away.
    float[] shared = axis(1, 1, 0.5f);
    for (String subject : List.of("dave", "bob", "carol")) {
      enroll(subject, shared);
    }
    for (int s = 0; s < 50; s++) {
      enroll("other" + s, faces.identity());
    }
    String aliceFace =
        Stream.of(aliceUp, aliceDown)
            .map(v -> FaceIds.of("alice", Vectors.contentHash(v)))
            .sorted()
            .findFirst()
            .orElseThrow();

    List<Match> exact = gallery.nearestSubjects(C, query, 3);
    gallery.close();
    gallery = openGallery(0);
    List<Match> hnsw = gallery.nearestSubjects(C, query, 3);

    for (List<Match> nearest : List.of(exact, hnsw)) {
      assertEquals(
          List.of("alice", "bob", "carol"), nearest.stream().map(Match::subjectId).toList());
      assertEquals(aliceFace, nearest.getFirst().faceId());
    }
  }

  /** The unit vector along axis 0 tilted by {@code tilt} towards axis {@code 1 + side}. */
  private static float[] axis(int side, float main, float tilt) {
    float[] v = new float[128];
    v[0] = main;
    v[1 + side] = tilt;
    return Vectors.toUnitLength(v, 128);
  }

  @Test
  void reopen_keepsFacesSettingsAndAnswers() throws IOException {
    float[] alice = faces.identity();
    enroll("alice", faces.view(alice));
    enroll("bob", faces.identity());
    float[] query = faces.view(alice);
    List<Match> before = gallery.nearestSubjects(C, query, 2);

    gallery.close();
    gallery = openGallery(ServerSettings.DEFAULT_EXACT_SEARCH_MAX_FACES);

    assertEquals(spec(C), gallery.spec(C));
    assertSameMatches(before, gallery.nearestSubjects(C, query, 2));
    assertEquals(2, gallery.stats(C).subjects());
  }

  @Test
  void deleteSubject_purgesItsVectorsAndIdFromTheFiles() throws IOException {
    float[] doomed = faces.identity();
    float[] kept = faces.identity();
    String doomedId = "purge-me-subject-7f3a9c";
    String keptId = "keep-me-subject-2b8e41";
    gallery.enroll(C, doomedId, List.of(face(doomed)), Map.of());
    gallery.enroll(C, keptId, List.of(face(kept)), Map.of());
    Path folder = data.resolve("collections").resolve(C);
    assertTrue(filesContain(folder, bytesOf(doomed)), "the scan must see stored vectors");
    assertTrue(filesContain(folder, bytesOf(kept)));

    assertEquals(1, gallery.deleteSubject(C, doomedId));

    assertFalse(filesContain(folder, bytesOf(doomed)), "deleted vector still on disk");
    assertFalse(filesContain(folder, doomedId.getBytes(StandardCharsets.UTF_8)));
    assertTrue(filesContain(folder, bytesOf(kept)), "kept vector lost");
    assertTrue(gallery.subject(C, doomedId).isEmpty());
    assertEquals(0, gallery.deleteSubject(C, doomedId));
    assertEquals(
        List.of(keptId),
        gallery.nearestSubjects(C, doomed, 5).stream().map(Match::subjectId).toList());
  }

  @Test
  void deleteFace_removesOnlyThatFace() {
    float[] alice = faces.identity();
    List<Enrollment> enrolled = enroll("alice", faces.view(alice), faces.view(alice));
    String removed = enrolled.get(0).faceId();

    assertEquals("alice", gallery.deleteFace(C, removed).orElseThrow());

    Subject subject = gallery.subject(C, "alice").orElseThrow();
    assertEquals(1, subject.faceCount());
    assertEquals(enrolled.get(1).faceId(), subject.faces().getFirst().faceId());
    assertTrue(gallery.deleteFace(C, removed).isEmpty());
  }

  @Test
  void subject_listsFacesWithMetadataAndSeesLaterEnrollments() {
    float[] alice = faces.identity();
    gallery.enroll(C, "alice", List.of(face(faces.view(alice))), Map.of("source", "badge"));
    Subject first = gallery.subject(C, "alice").orElseThrow();
    assertEquals(1, first.faceCount());
    assertEquals(Map.of("source", "badge"), first.faces().getFirst().metadata());

    enroll("alice", faces.view(alice));

    assertEquals(2, gallery.subject(C, "alice").orElseThrow().faceCount());
    assertTrue(gallery.subject(C, "nobody").isEmpty());
  }

  @Test
  void subjects_pagesThroughEverySubjectInOrder() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      String id = String.format("subject-%02d", i);
      expected.add(id);
      enroll(id, faces.identity(), faces.identity());
    }
    gallery.deleteSubject(C, "subject-10");
    expected.remove("subject-10");

    List<String> seen = new ArrayList<>();
    String after = "";
    int pages = 0;
    while (true) {
      SubjectPage page = gallery.subjects(C, after, 10);
      pages++;
      page.subjects().forEach(s -> assertEquals(2, s.faceCount()));
      page.subjects().forEach(s -> seen.add(s.subjectId()));
      if (page.lastOfPage().isEmpty()) {
        break;
      }
      after = page.lastOfPage().get();
    }
    assertEquals(expected, seen);
    assertEquals(3, pages);
  }

  @Test
  void concurrentEnrollments_areAllDurableAndVisible() throws Exception {
    int threads = 8;
    int callsPerThread = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<float[]>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        FaceLikeVectors own = new FaceLikeVectors(100 + t);
        String subject = "writer-" + t;
        results.add(
            pool.submit(() -> {
              List<float[]> written = new ArrayList<>();
              for (int i = 0; i < callsPerThread; i++) {
                float[] v = own.identity();
                gallery.enroll(C, subject, List.of(face(v)), Map.of());
                // Visible as soon as the call returns.
                Match nearest = gallery.nearestFaceOf(C, subject, v).orElseThrow();
                assertEquals(0f, nearest.distance(), 1e-6f);
                written.add(v);
              }
              return written;
            }));
      }
      for (Future<List<float[]>> result : results) {
        assertEquals(callsPerThread, result.get().size());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(threads * callsPerThread, gallery.stats(C).faces());
    assertEquals(threads, gallery.stats(C).subjects());
  }

  /** Same faces in the same order; distances equal up to float rounding (JIT tiers differ). */
  private static void assertSameMatches(List<Match> expected, List<Match> actual) {
    assertEquals(
        expected.stream().map(Match::faceId).toList(), actual.stream().map(Match::faceId).toList());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).distance(), actual.get(i).distance(), 1e-5f);
    }
  }
}
