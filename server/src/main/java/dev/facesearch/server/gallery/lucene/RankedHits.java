package dev.facesearch.server.gallery.lucene;

import dev.facesearch.server.gallery.Match;
import dev.facesearch.server.vector.Vectors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.ScoreDoc;

/**
 * The hits of one graph search, collapsed to the nearest face of each subject, reading as few ids
 * as possible.
 *
 * <p>Every hit's exact distance is computed from its stored vector, and its subject and face
 * ordinals are read from doc values; both are cheap. Turning an ordinal into its id string is not
 * (it decompresses a block of the terms dictionary), so ids are looked up in order of distance only
 * until the nearest {@code limit} subjects are known: a subject first seen farther than the {@code
 * limit}-th cannot rank among them. Face ids are looked up only for the subjects returned. The
 * result is the same as collapsing every hit ({@link NearestSubjects}): ranked by distance, ties
 * broken by subject id, then face id.
 */
final class RankedHits {
  private RankedHits() {}

  /**
   * The nearest {@code limit} subjects among the hits, nearest first; fewer if the hits hold fewer
   * subjects.
   */
  static List<Match> nearestSubjects(IndexReader reader, ScoreDoc[] hits, float[] query, int limit)
      throws IOException {
    int[] docs = new int[hits.length];
    for (int i = 0; i < hits.length; i++) {
      docs[i] = hits[i].doc;
    }
    Arrays.sort(docs);
    float[] distances = new float[docs.length];
    int[] subjectOrds = new int[docs.length];
    int[] faceOrds = new int[docs.length];
    Segment[] segments = new Segment[docs.length];
    int next = 0;
    for (LeafReaderContext context : reader.leaves()) {
      int end = context.docBase + context.reader().maxDoc();
      if (next == docs.length || docs[next] >= end) {
        continue;
      }
      Segment segment = new Segment(context);
      // Doc values iterate forward only: read the segment's hits in doc order.
      for (; next < docs.length && docs[next] < end; next++) {
        int doc = docs[next] - context.docBase;
        distances[next] = segment.distance(doc, query);
        subjectOrds[next] = segment.subjectOrd(doc);
        faceOrds[next] = segment.faceOrd(doc);
        segments[next] = segment;
      }
    }

    // Hits in order of distance: distances are >= 0, so their float bits sort as ints do.
    long[] byDistance = new long[docs.length];
    for (int i = 0; i < docs.length; i++) {
      byDistance[i] = ((long) Float.floatToIntBits(distances[i]) << 32) | i;
    }
    Arrays.sort(byDistance);

    Map<String, Integer> bestHit = new HashMap<>();
    List<String> subjects = new ArrayList<>();
    float limitDistance = Float.POSITIVE_INFINITY;
    for (long key : byDistance) {
      int hit = (int) key;
      if (distances[hit] > limitDistance) {
        break;
      }
      String subject = segments[hit].subjectId(subjectOrds[hit]);
      Integer best = bestHit.get(subject);
      if (best == null) {
        bestHit.put(subject, hit);
        subjects.add(subject);
        if (subjects.size() == limit) {
          // Later subjects rank below these unless they tie with the last one.
          limitDistance = distances[hit];
        }
      } else if (distances[best] == distances[hit]
          && faceId(segments, faceOrds, hit).compareTo(faceId(segments, faceOrds, best)) < 0) {
        // Two faces of one subject at the same distance: the smaller face id, as in the full sort.
        bestHit.put(subject, hit);
      }
    }

    List<Match> matches = new ArrayList<>(subjects.size());
    for (String subject : subjects) {
      int hit = bestHit.get(subject);
      matches.add(new Match(subject, faceId(segments, faceOrds, hit), distances[hit]));
    }
    matches.sort(NearestSubjects.NEAREST_FIRST);
    return matches.size() > limit ? List.copyOf(matches.subList(0, limit)) : matches;
  }

  private static String faceId(Segment[] segments, int[] faceOrds, int hit) throws IOException {
    return segments[hit].faceId(faceOrds[hit]);
  }

  /** One segment's vectors and ids, with the subject ids already looked up. */
  private static final class Segment {
    private final FloatVectorValues vectors;
    private final KnnVectorValues.DocIndexIterator vectorDocs;
    private final SortedDocValues subjectIds;
    private final SortedDocValues faceIds;
    private final Map<Integer, String> subjectNames = new HashMap<>();

    Segment(LeafReaderContext context) throws IOException {
      this.vectors =
          Objects.requireNonNull(
              context.reader().getFloatVectorValues(FaceSchema.VECTOR), "segment without vectors");
      this.vectorDocs = vectors.iterator();
      this.subjectIds = DocValues.getSorted(context.reader(), FaceSchema.SUBJECT_ID);
      this.faceIds = DocValues.getSorted(context.reader(), FaceSchema.FACE_ID);
    }

    float distance(int doc, float[] query) throws IOException {
      if (vectorDocs.docID() < doc) {
        vectorDocs.advance(doc);
      }
      if (vectorDocs.docID() != doc) {
        throw new IllegalStateException("doc " + doc + " has no vector");
      }
      return Vectors.squareDistance(query, vectors.vectorValue(vectorDocs.index()));
    }

    int subjectOrd(int doc) throws IOException {
      if (!subjectIds.advanceExact(doc)) {
        throw new IllegalStateException("doc " + doc + " has no subject");
      }
      return subjectIds.ordValue();
    }

    int faceOrd(int doc) throws IOException {
      if (!faceIds.advanceExact(doc)) {
        throw new IllegalStateException("doc " + doc + " has no face id");
      }
      return faceIds.ordValue();
    }

    String subjectId(int ord) throws IOException {
      String name = subjectNames.get(ord);
      if (name == null) {
        name = subjectIds.lookupOrd(ord).utf8ToString();
        subjectNames.put(ord, name);
      }
      return name;
    }

    String faceId(int ord) throws IOException {
      return faceIds.lookupOrd(ord).utf8ToString();
    }
  }
}
