package dev.facesearch.server.gallery.lucene;

import dev.facesearch.server.gallery.Match;
import dev.facesearch.server.vector.Vectors;
import java.io.IOException;
import java.util.Objects;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedDocValues;

/**
 * Reads chosen faces of one segment: their ids from doc values and their exact distance to a query
 * from the stored vectors. Docs must be read in increasing order (doc values iterate forward only).
 */
final class FaceReader {
  private final FloatVectorValues vectors;
  private final KnnVectorValues.DocIndexIterator vectorDocs;
  private final SortedDocValues subjectIds;
  private final SortedDocValues faceIds;

  FaceReader(LeafReader leaf) throws IOException {
    this.vectors =
        Objects.requireNonNull(
            leaf.getFloatVectorValues(FaceSchema.VECTOR), "segment without vectors");
    this.vectorDocs = vectors.iterator();
    this.subjectIds = DocValues.getSorted(leaf, FaceSchema.SUBJECT_ID);
    this.faceIds = DocValues.getSorted(leaf, FaceSchema.FACE_ID);
  }

  /** The face at this doc, which must be a live face after the previous one read. */
  Match read(int doc, float[] query) throws IOException {
    if (vectorDocs.docID() < doc) {
      vectorDocs.advance(doc);
    }
    if (vectorDocs.docID() != doc || !subjectIds.advanceExact(doc) || !faceIds.advanceExact(doc)) {
      throw new IllegalStateException("doc " + doc + " is not a complete face");
    }
    float distance = Vectors.squareDistance(query, vectors.vectorValue(vectorDocs.index()));
    return new Match(subjectId(), faceIds.lookupOrd(faceIds.ordValue()).utf8ToString(), distance);
  }

  /** The subject id of the face last read. */
  private String subjectId() throws IOException {
    return subjectIds.lookupOrd(subjectIds.ordValue()).utf8ToString();
  }
}
