package dev.facesearch.server.gallery.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.gallery.CollectionSpec;
import dev.facesearch.server.gallery.Gallery;
import dev.facesearch.server.gallery.Match;
import dev.facesearch.server.gallery.NewFace;
import dev.facesearch.server.gallery.VectorEncoding;
import dev.facesearch.server.testing.FaceLikeVectors;
import dev.facesearch.server.vector.Vectors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collection written by the previous release (Lucene 10.3.2, its Lucene103 codec) opens and
 * answers as it did, takes new faces, and is rewritten in the current codec by a compaction.
 *
 * <p>The fixture {@code lucene/gallery-lucene-10.3.2.zip} is collection "legacy" as the server of
 * commit 6439e02 wrote it: 100 subjects {@code s0..s99} of 3 faces each from {@code new
 * FaceLikeVectors(1032)} (per subject: {@code identity()}, then 3 {@code view(identity)}), content
 * hashes {@code hash-<subject>-<face>}, metadata {@code batch=<subject / 25>}, one Enroll per
 * subject, then subject {@code s7} deleted: 297 faces, 99 subjects, 9 segments.
 */
class LegacyIndexTest {
  private static final String C = "legacy";

  @TempDir Path data;

  @Test
  void collectionOfLucene1032_opensAnswersTakesFacesAndIsRewrittenByCompaction() throws Exception {
    unzip("/lucene/gallery-lucene-10.3.2.zip", data.resolve("collections"));
    List<float[][]> subjects = fixtureVectors();
    Path folder = data.resolve("collections").resolve(C);
    assertTrue(
        segmentVersions(folder).stream().allMatch(v -> v.major == 10 && v.minor == 3),
        "the fixture is 10.3's: " + segmentVersions(folder));

    try (Gallery gallery =
        LuceneGallery.open(
            ServerSettings.defaults().withDataDir(data).withExactSearchMaxFaces(0),
            Clock.systemUTC())) {
      CollectionSpec spec = gallery.spec(C);
      assertEquals("resnet128", spec.model());
      assertEquals(0.36f, spec.matchThreshold());
      assertEquals(VectorEncoding.FLOAT32, spec.vectorEncoding(), "made before the setting");
      assertEquals(Instant.parse("2026-12-01T00:00:00Z"), spec.createTime());
      assertEquals(297, gallery.stats(C).faces());
      assertEquals(99, gallery.stats(C).subjects());
      assertEquals(
          Map.of("batch", "1"),
          gallery.subject(C, "s30").orElseThrow().faces().getFirst().metadata());
      assertFalse(gallery.subject(C, "s7").isPresent());
      assertEveryFaceFound(gallery, subjects);

      FaceLikeVectors more = new FaceLikeVectors(99);
      float[] newcomer = more.view(more.identity());
      gallery.enroll(
          C, "newcomer", List.of(new NewFace(newcomer, Vectors.contentHash(newcomer))), Map.of());
      assertEquals("newcomer", gallery.nearestSubjects(C, newcomer, 1).getFirst().subjectId());

      gallery.compact(C).finished().get(2, TimeUnit.MINUTES);
      assertEquals(298, gallery.stats(C).faces());
      assertEquals(1, gallery.stats(C).segments());
      assertEveryFaceFound(gallery, subjects);
    }
    List<Version> after = segmentVersions(folder);
    assertEquals(1, after.size());
    assertTrue(after.getFirst().onOrAfter(Version.LUCENE_10_6_0), "rewritten: " + after);
  }

  private static void assertEveryFaceFound(Gallery gallery, List<float[][]> subjects) {
    for (int s = 0; s < subjects.size(); s++) {
      if (s == 7) {
        continue;
      }
      for (float[] view : subjects.get(s)) {
        Match top = gallery.nearestSubjects(C, view, 1).getFirst();
        assertEquals("s" + s, top.subjectId());
        assertEquals(0f, top.distance(), 1e-6f);
      }
    }
  }

  /** The fixture's vectors, drawn again in the order its generator drew them. */
  private static List<float[][]> fixtureVectors() {
    FaceLikeVectors faces = new FaceLikeVectors(1032);
    List<float[][]> subjects = new ArrayList<>();
    for (int s = 0; s < 100; s++) {
      float[] identity = faces.identity();
      float[][] views = new float[3][];
      for (int f = 0; f < 3; f++) {
        views[f] = faces.view(identity);
      }
      subjects.add(views);
    }
    return subjects;
  }

  private static List<Version> segmentVersions(Path folder) throws IOException {
    try (FSDirectory dir = FSDirectory.open(folder)) {
      List<Version> versions = new ArrayList<>();
      for (SegmentCommitInfo segment : SegmentInfos.readLatestCommit(dir)) {
        versions.add(segment.info.getVersion());
      }
      return versions;
    }
  }

  private static void unzip(String resource, Path into) throws IOException {
    try (InputStream in = LegacyIndexTest.class.getResourceAsStream(resource);
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("entry outside the folder: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(zip, target);
        }
      }
    }
  }
}
