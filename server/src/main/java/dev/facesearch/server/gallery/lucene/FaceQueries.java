package dev.facesearch.server.gallery.lucene;

import dev.facesearch.server.gallery.CollectionStats;
import dev.facesearch.server.gallery.Face;
import dev.facesearch.server.gallery.Match;
import dev.facesearch.server.gallery.Subject;
import dev.facesearch.server.gallery.SubjectPage;
import dev.facesearch.server.vector.Vectors;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiBits;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * The read-only questions asked of one collection's index, each on a searcher of one point in time.
 *
 * <p>Nearest-subject search runs the HNSW graph ({@link KnnFloatVectorQuery}) with a candidate
 * count of at least the number of subjects wanted, or scans every vector when the gallery is small
 * enough that a scan is as fast. Either way, distances are recomputed exactly from the stored
 * vectors, and hits are collapsed to the nearest face of each subject.
 */
final class FaceQueries {
  /** Most times the HNSW candidate count is doubled to find enough distinct subjects. */
  private static final int MAX_WIDENINGS = 6;

  private FaceQueries() {}

  /**
   * How many candidates a graph search takes.
   *
   * @param candidates the first search's
   * @param wide a second search's, taken only when the first one's answer is uncertain ({@link
   *     #uncertain}); 0 never searches twice
   * @param threshold the collection's match threshold
   */
  record SearchWidth(int candidates, int wide, float threshold) {
    /** The first search's best subjects are this close, relative to the threshold: a tie. */
    static final float TIE = 0.10f;

    /** The first search's best distance is this close to the threshold: known or not is open. */
    static final float NEAR_THRESHOLD = 0.15f;

    /**
     * Whether a second look could change the answer that matters: which subject is nearest (the
     * best two nearly tie) or whether the face is known (the best is near the threshold). A clear
     * match, or a face far from every subject, is left as it is.
     */
    boolean uncertain(List<Match> nearest) {
      if (wide <= candidates || nearest.isEmpty()) {
        return false;
      }
      float best = nearest.getFirst().distance();
      if (Math.abs(best - threshold) <= NEAR_THRESHOLD * threshold) {
        return true;
      }
      return nearest.size() > 1 && nearest.get(1).distance() - best <= TIE * threshold;
    }
  }

  static List<Match> nearestSubjects(
      IndexSearcher searcher, float[] query, int limit, SearchWidth width, int exactMaxFaces)
      throws IOException {
    int faces = searcher.getIndexReader().numDocs();
    if (faces == 0) {
      return List.of();
    }
    if (faces <= exactMaxFaces) {
      return exactNearestSubjects(searcher.getIndexReader(), query, limit);
    }
    // Two subjects at least, so that a near tie for the first place can be seen.
    int subjects = Math.max(limit, 2);
    List<Match> nearest =
        graphNearestSubjects(searcher, query, subjects, width.candidates(), faces);
    if (width.uncertain(nearest)) {
      nearest = graphNearestSubjects(searcher, query, subjects, width.wide(), faces);
    }
    return nearest.size() > limit ? List.copyOf(nearest.subList(0, limit)) : nearest;
  }

  private static List<Match> graphNearestSubjects(
      IndexSearcher searcher, float[] query, int limit, int candidates, int faces)
      throws IOException {
    int k = Math.max(candidates, limit);
    for (int widening = 0; ; widening++) {
      TopDocs top = searcher.search(new KnnFloatVectorQuery(FaceSchema.VECTOR, query, k), k);
      List<Match> nearest =
          RankedHits.nearestSubjects(searcher.getIndexReader(), top.scoreDocs, query, limit);
      // Several faces of one subject can fill the candidates: widen until enough subjects.
      boolean exhausted = top.scoreDocs.length < k || k >= faces;
      if (nearest.size() >= limit || exhausted || widening == MAX_WIDENINGS) {
        return nearest;
      }
      k = Math.min(faces, k * 2);
    }
  }

  /** Scans every vector; the exact answer that HNSW approximates. */
  static List<Match> exactNearestSubjects(IndexReader reader, float[] query, int limit)
      throws IOException {
    NearestSubjects nearest = new NearestSubjects();
    for (LeafReaderContext context : reader.leaves()) {
      scanLeaf(context.reader(), query, nearest);
    }
    return nearest.top(limit);
  }

  private static void scanLeaf(LeafReader leaf, float[] query, NearestSubjects nearest)
      throws IOException {
    FloatVectorValues vectors = leaf.getFloatVectorValues(FaceSchema.VECTOR);
    if (vectors == null) {
      return;
    }
    // Track the best doc per subject ordinal, so ids are looked up once per subject, not per face.
    SortedDocValues subjects = DocValues.getSorted(leaf, FaceSchema.SUBJECT_ID);
    float[] bestDistance = new float[subjects.getValueCount()];
    int[] bestDoc = new int[subjects.getValueCount()];
    Arrays.fill(bestDoc, -1);
    Bits live = leaf.getLiveDocs();
    KnnVectorValues.DocIndexIterator docs = vectors.iterator();
    for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
      if (live != null && !live.get(doc)) {
        continue;
      }
      float distance = Vectors.squareDistance(query, vectors.vectorValue(docs.index()));
      if (!subjects.advanceExact(doc)) {
        throw new IllegalStateException("face without subject at doc " + doc);
      }
      int ord = subjects.ordValue();
      if (bestDoc[ord] < 0 || distance < bestDistance[ord]) {
        bestDistance[ord] = distance;
        bestDoc[ord] = doc;
      }
    }
    int[] winners = Arrays.stream(bestDoc).filter(doc -> doc >= 0).sorted().toArray();
    FaceReader reader = new FaceReader(leaf);
    for (int doc : winners) {
      nearest.offer(reader.read(doc, query));
    }
  }

  static Optional<Match> nearestFaceOf(IndexSearcher searcher, String subjectId, float[] query)
      throws IOException {
    Match best = null;
    for (LeafReaderContext context : searcher.getIndexReader().leaves()) {
      LeafReader leaf = context.reader();
      PostingsEnum postings = leaf.postings(new Term(FaceSchema.SUBJECT_ID, subjectId));
      if (postings == null) {
        continue;
      }
      Bits live = leaf.getLiveDocs();
      FaceReader faces = new FaceReader(leaf);
      for (int doc = postings.nextDoc();
          doc != DocIdSetIterator.NO_MORE_DOCS;
          doc = postings.nextDoc()) {
        if (live == null || live.get(doc)) {
          Match match = faces.read(doc, query);
          if (best == null || match.distance() < best.distance()) {
            best = match;
          }
        }
      }
    }
    return Optional.ofNullable(best);
  }

  static boolean hasFace(IndexSearcher searcher, String faceId) throws IOException {
    return searcher.count(new TermQuery(new Term(FaceSchema.FACE_ID, faceId))) > 0;
  }

  static Optional<Face> face(IndexSearcher searcher, String faceId) throws IOException {
    TopDocs top = searcher.search(new TermQuery(new Term(FaceSchema.FACE_ID, faceId)), 1);
    if (top.scoreDocs.length == 0) {
      return Optional.empty();
    }
    return Optional.of(FaceSchema.face(searcher.storedFields().document(top.scoreDocs[0].doc)));
  }

  static Optional<Subject> subject(IndexSearcher searcher, String subjectId) throws IOException {
    ConstantScoreQuery query =
        new ConstantScoreQuery(new TermQuery(new Term(FaceSchema.SUBJECT_ID, subjectId)));
    int count = searcher.count(query);
    if (count == 0) {
      return Optional.empty();
    }
    TopDocs top = searcher.search(query, Subject.MAX_FACES_LISTED);
    List<Face> faces = new ArrayList<>(top.scoreDocs.length);
    for (ScoreDoc hit : top.scoreDocs) {
      faces.add(FaceSchema.face(searcher.storedFields().document(hit.doc)));
    }
    faces.sort(Comparator.comparing(Face::createTime).thenComparing(Face::faceId));
    return Optional.of(new Subject(subjectId, count, faces));
  }

  static SubjectPage subjects(IndexSearcher searcher, String after, int limit) throws IOException {
    IndexReader reader = searcher.getIndexReader();
    Terms terms = MultiTerms.getTerms(reader, FaceSchema.SUBJECT_ID);
    List<Subject> page = new ArrayList<>();
    if (terms == null) {
      return new SubjectPage(page, Optional.empty());
    }
    Bits live = MultiBits.getLiveDocs(reader);
    TermsEnum termsEnum = terms.iterator();
    BytesRef term;
    if (after.isEmpty()) {
      term = termsEnum.next();
    } else {
      TermsEnum.SeekStatus status = termsEnum.seekCeil(new BytesRef(after));
      term =
          switch (status) {
            case END -> null;
            case FOUND -> termsEnum.next();
            case NOT_FOUND -> termsEnum.term();
          };
    }
    PostingsEnum postings = null;
    for (; term != null; term = termsEnum.next()) {
      postings = termsEnum.postings(postings, PostingsEnum.NONE);
      int faces = countLive(postings, live);
      if (faces == 0) {
        continue;
      }
      if (page.size() == limit) {
        // A further live subject exists, so another page follows this one.
        return new SubjectPage(page, Optional.of(page.getLast().subjectId()));
      }
      page.add(new Subject(term.utf8ToString(), faces, List.of()));
    }
    return new SubjectPage(page, Optional.empty());
  }

  static CollectionStats stats(IndexSearcher searcher, Directory directory) throws IOException {
    IndexReader reader = searcher.getIndexReader();
    return new CollectionStats(
        reader.numDocs(), countSubjects(reader), sizeOnDisk(directory), reader.leaves().size());
  }

  private static long countSubjects(IndexReader reader) throws IOException {
    Terms terms = MultiTerms.getTerms(reader, FaceSchema.SUBJECT_ID);
    if (terms == null) {
      return 0;
    }
    if (!reader.hasDeletions() && terms.size() >= 0) {
      return terms.size();
    }
    Bits live = MultiBits.getLiveDocs(reader);
    TermsEnum termsEnum = terms.iterator();
    PostingsEnum postings = null;
    long subjects = 0;
    while (termsEnum.next() != null) {
      postings = termsEnum.postings(postings, PostingsEnum.NONE);
      if (countLive(postings, live) > 0) {
        subjects++;
      }
    }
    return subjects;
  }

  private static int countLive(PostingsEnum postings, Bits live) throws IOException {
    int count = 0;
    for (int doc = postings.nextDoc();
        doc != DocIdSetIterator.NO_MORE_DOCS;
        doc = postings.nextDoc()) {
      if (live == null || live.get(doc)) {
        count++;
      }
    }
    return count;
  }

  private static long sizeOnDisk(Directory directory) throws IOException {
    long bytes = 0;
    for (String file : directory.listAll()) {
      try {
        bytes += directory.fileLength(file);
      } catch (NoSuchFileException e) {
        // Deleted by a merge since it was listed: it no longer takes space.
      }
    }
    return bytes;
  }
}
