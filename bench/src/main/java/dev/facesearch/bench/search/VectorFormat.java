package dev.facesearch.bench.search;

import java.util.concurrent.ExecutorService;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene102.Lucene102HnswBinaryQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;

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
   * Scalar quantisation to one byte per dimension ({@code .veq}): Lucene's default of 7 bits per
   * value, with its default confidence interval, uncompressed.
   */
  INT8("int8") {
    @Override
    KnnVectorsFormat create(int maxConn, int beamWidth, int mergeWorkers, ExecutorService merges) {
      return new Lucene99HnswScalarQuantizedVectorsFormat(
          maxConn, beamWidth, mergeWorkers, 7, false, null, merges);
    }
  },
  /** Better binary quantisation, one bit per dimension plus corrections ({@code .veb}). */
  BBQ("bbq") {
    @Override
    KnnVectorsFormat create(int maxConn, int beamWidth, int mergeWorkers, ExecutorService merges) {
      return new Lucene102HnswBinaryQuantizedVectorsFormat(
          maxConn, beamWidth, mergeWorkers, merges);
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
