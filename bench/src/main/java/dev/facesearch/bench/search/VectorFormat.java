package dev.facesearch.bench.search;

import java.util.concurrent.ExecutorService;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * How the HNSW index stores the vectors it navigates by. Every format also keeps the raw float32
 * vectors ({@code .vec}), which exact rescoring reads.
 */
enum VectorFormat {
  /** The server's format: the graph navigates on the raw float32 vectors. */
  FLOAT32("float32") {
    @Override
    KnnVectorsFormat create(int maxConn, int beamWidth, int mergeWorkers, ExecutorService merges) {
      return new Lucene99HnswVectorsFormat(maxConn, beamWidth, mergeWorkers, merges);
    }
  },
  /**
   * Scalar quantisation to one byte per dimension ({@code .veq}): Lucene 10.4+'s optimised scalar
   * quantiser, unsigned bytes (Lucene's default), as a collection of {@code vector_encoding INT8}
   * holds them.
   */
  INT8("int8") {
    @Override
    KnnVectorsFormat create(int maxConn, int beamWidth, int mergeWorkers, ExecutorService merges) {
      return new Lucene104HnswScalarQuantizedVectorsFormat(
          ScalarEncoding.UNSIGNED_BYTE, maxConn, beamWidth, mergeWorkers, merges);
    }
  },
  /**
   * Binary quantisation, one bit per dimension plus corrections, with 4-bit queries: the same
   * quantiser's BBQ encoding.
   */
  BBQ("bbq") {
    @Override
    KnnVectorsFormat create(int maxConn, int beamWidth, int mergeWorkers, ExecutorService merges) {
      return new Lucene104HnswScalarQuantizedVectorsFormat(
          ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE, maxConn, beamWidth, mergeWorkers, merges);
    }
  };

  private final String label;

  VectorFormat(String label) {
    this.label = label;
  }

  /** The Lucene format; {@code merges} runs graph merges when {@code mergeWorkers > 1}. */
  abstract KnnVectorsFormat create(
      int maxConn, int beamWidth, int mergeWorkers, ExecutorService merges);

  String label() {
    return label;
  }

  static VectorFormat parse(String label) {
    for (VectorFormat format : values()) {
      if (format.label.equalsIgnoreCase(label)) {
        return format;
      }
    }
    throw new IllegalArgumentException("unknown format '" + label + "': float32, int8 or bbq");
  }
}
