package dev.facesearch.server.gallery.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.gallery.CollectionSpec;
import dev.facesearch.server.gallery.Compaction;
import dev.facesearch.server.gallery.CompactionProgress;
import dev.facesearch.server.gallery.Gallery;
import dev.facesearch.server.gallery.Match;
import dev.facesearch.server.gallery.NewFace;
import dev.facesearch.server.gallery.VectorEncoding;
import dev.facesearch.server.testing.FaceLikeVectors;
import dev.facesearch.server.vector.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Compaction merges a collection enrolled call by call into one segment, keeps every face and the
 * answers, and reports its progress; the vector encoding decides the graph's format.
 */
class CompactionTest {
  private static final String C = "people";
  private static final int SUBJECTS = 60;
  private static final int FACES_PER_SUBJECT = 5;

  @TempDir Path data;

  private Gallery open() throws IOException {
    // Every search through the graph, never the exact scan.
    return LuceneGallery.open(
        ServerSettings.defaults().withDataDir(data).withExactSearchMaxFaces(0), Clock.systemUTC());
  }

  private static CollectionSpec spec(VectorEncoding encoding) {
    return new CollectionSpec(
        C, "external", 128, 1f, 16, 100, encoding, Instant.EPOCH, DetectionSettings.NONE);
  }

  /** One Enroll per subject, so each call commits a segment of its own. */
  private static List<float[]> enrollCallByCall(Gallery gallery) {
    FaceLikeVectors faces = new FaceLikeVectors(77);
    List<float[]> enrolled = new ArrayList<>();
    for (int s = 0; s < SUBJECTS; s++) {
      float[] identity = faces.identity();
      List<NewFace> views = new ArrayList<>();
      for (int f = 0; f < FACES_PER_SUBJECT; f++) {
        float[] view = faces.view(identity);
        enrolled.add(view);
        views.add(new NewFace(view, Vectors.contentHash(view)));
      }
      gallery.enroll(C, "s" + s, views, Map.of());
    }
    return enrolled;
  }

  private static void assertEveryFaceFindsItsSubject(Gallery gallery, List<float[]> enrolled) {
    for (int i = 0; i < enrolled.size(); i++) {
      Match top = gallery.nearestSubjects(C, enrolled.get(i), 1).getFirst();
      assertEquals("s" + i / FACES_PER_SUBJECT, top.subjectId(), "face " + i);
      assertEquals(0f, top.distance(), 1e-6f, "face " + i + ": rescored from the float vector");
    }
  }

  @ParameterizedTest
  @EnumSource(VectorEncoding.class)
  void compact_mergesIntoOneSegment_keepingEveryFaceAndAnswer(VectorEncoding encoding)
      throws Exception {
    try (Gallery gallery = open()) {
      gallery.create(spec(encoding));
      List<float[]> enrolled = enrollCallByCall(gallery);
      int before = gallery.stats(C).segments();
      assertTrue(before > 1, "call-by-call enrollment left " + before + " segment(s)");

      Compaction compaction = gallery.compact(C);
      CompactionProgress last = compaction.finished().get(2, TimeUnit.MINUTES);

      assertTrue(last.done());
      assertEquals(before, last.segmentsBefore());
      assertEquals(1, last.segments());
      assertEquals(1, gallery.stats(C).segments());
      assertEquals(SUBJECTS * FACES_PER_SUBJECT, gallery.stats(C).faces());
      assertEquals(SUBJECTS, gallery.stats(C).subjects());
      // The merged graph holds every vector, and the last progress says so.
      assertEquals(SUBJECTS * FACES_PER_SUBJECT, last.vectorsTotal());
      assertEquals(last.vectorsTotal(), last.vectorsMerged());
      assertEveryFaceFindsItsSubject(gallery, enrolled);
    }
    // Committed: the next open finds one segment.
    try (Gallery gallery = open()) {
      assertEquals(1, gallery.stats(C).segments());
    }
  }

  @Test
  void compact_ofACompactCollection_isDoneAtOnceWithOneSegment() throws Exception {
    try (Gallery gallery = open()) {
      gallery.create(spec(VectorEncoding.FLOAT32));
      enrollCallByCall(gallery);
      gallery.compact(C).finished().get(2, TimeUnit.MINUTES);
      Compaction again = gallery.compact(C);
      CompactionProgress last = again.finished().get(1, TimeUnit.MINUTES);
      assertEquals(1, last.segmentsBefore());
      assertEquals(1, last.segments());
    }
  }

  @Test
  void compact_whileOneRuns_joinsIt() throws Exception {
    try (Gallery gallery = open()) {
      gallery.create(spec(VectorEncoding.FLOAT32));
      enrollCallByCall(gallery);
      Compaction first = gallery.compact(C);
      Compaction second = gallery.compact(C);
      if (!first.finished().isDone()) {
        assertSame(first, second);
      }
      first.finished().get(2, TimeUnit.MINUTES);
    }
  }

  @ParameterizedTest
  @EnumSource(VectorEncoding.class)
  void vectorEncoding_choosesTheGraphsFormat_andSurvivesReopening(VectorEncoding encoding)
      throws Exception {
    try (Gallery gallery = open()) {
      gallery.create(spec(encoding));
      enrollCallByCall(gallery);
    }
    try (Gallery gallery = open()) {
      assertEquals(encoding, gallery.spec(C).vectorEncoding());
    }
    String expected =
        encoding == VectorEncoding.INT8
            ? "Lucene104HnswBinaryQuantizedVectorsFormat" // the scalar quantiser's SPI name
            : "Lucene99HnswVectorsFormat";
    try (FSDirectory dir = FSDirectory.open(data.resolve("collections").resolve(C));
        DirectoryReader reader = DirectoryReader.open(dir)) {
      for (LeafReaderContext leaf : reader.leaves()) {
        assertEquals(
            expected,
            leaf.reader()
                .getFieldInfos()
                .fieldInfo(FaceSchema.VECTOR)
                .getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY));
      }
    }
  }
}
