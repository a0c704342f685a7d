package dev.facesearch.bench.search;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

/**
 * The server's face document ({@code server/.../gallery/lucene/FaceSchema}), rebuilt field for
 * field so that the bench's indexes hold the same bytes besides the vectors: the vector
 * (EUCLIDEAN), face and subject ids indexed and as sorted doc values, and the stored content hash,
 * creation time and (empty) metadata. FaceSchema is package-private to the server, hence the copy.
 */
final class BenchSchema {
  static final String VECTOR = "vector";
  static final String FACE_ID = "face_id";
  static final String SUBJECT_ID = "subject_id";
  private static final String CONTENT_HASH = "content_hash";
  private static final String CREATE_TIME = "create_time_ms";
  private static final String METADATA = "metadata";

  /** An empty metadata map as FaceSchema encodes it: a vInt count of 0. */
  private static final BytesRef EMPTY_METADATA = new BytesRef(new byte[] {0});

  private BenchSchema() {}

  static Document document(SyntheticGallery gallery, int face, long createTimeMs) {
    String faceId = gallery.faceId(face);
    String subjectId = gallery.subjectId(face);
    Document doc = new Document();
    doc.add(
        new KnnFloatVectorField(VECTOR, gallery.faces()[face], VectorSimilarityFunction.EUCLIDEAN));
    doc.add(new StringField(FACE_ID, faceId, Field.Store.YES));
    doc.add(new SortedDocValuesField(FACE_ID, new BytesRef(faceId)));
    doc.add(new StringField(SUBJECT_ID, subjectId, Field.Store.YES));
    doc.add(new SortedDocValuesField(SUBJECT_ID, new BytesRef(subjectId)));
    doc.add(new StoredField(CONTENT_HASH, contentHash(face)));
    doc.add(new StoredField(CREATE_TIME, createTimeMs));
    doc.add(new StoredField(METADATA, EMPTY_METADATA));
    return doc;
  }

  /**
   * A 64-hex-digit stand-in for the SHA-256 of the input: as long as the real one and as
   * incompressible, without hashing a million vectors.
   */
  private static String contentHash(int face) {
    StringBuilder hex = new StringBuilder(64);
    long state = face * 0x9E3779B97F4A7C15L + 1;
    for (int i = 0; i < 4; i++) {
      state ^= state >>> 33;
      state *= 0xFF51AFD7ED558CCDL;
      state ^= state >>> 29;
      hex.append(String.format("%016x", state));
    }
    return hex.toString();
  }
}
