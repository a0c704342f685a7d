package dev.facesearch.server.gallery.lucene;

import dev.facesearch.server.gallery.CollectionSpec;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * The codec a collection's index writes with: Lucene's default, with the vector field in an HNSW
 * graph of the collection's M and beam width, on float32 vectors or int8-quantised ones.
 *
 * <p>Segments keep the name of the format that wrote them, so a collection written by an earlier
 * Lucene (10.3's codec, from {@code lucene-backward-codecs}) stays readable; a merge rewrites its
 * segments in this codec.
 */
final class FaceCodec {
  private FaceCodec() {}

  static Codec of(CollectionSpec spec) {
    KnnVectorsFormat vectors = vectorsFormat(spec);
    return new Lucene104Codec() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return vectors;
      }
    };
  }

  static KnnVectorsFormat vectorsFormat(CollectionSpec spec) {
    return switch (spec.vectorEncoding()) {
      case FLOAT32 ->
          new Lucene99HnswVectorsFormat(spec.hnswMaxConnections(), spec.hnswBeamWidth());
      // One unsigned byte per value with Lucene's optimised scalar quantiser; the float vectors
      // are kept beside the quantised ones, and the server rescores candidates from them.
      case INT8 ->
          new Lucene104HnswScalarQuantizedVectorsFormat(
              ScalarEncoding.UNSIGNED_BYTE, spec.hnswMaxConnections(), spec.hnswBeamWidth());
    };
  }
}
