package dev.facesearch.bench.search;

/**
 * One HNSW index to build: the vector format and the graph's parameters.
 *
 * @param format how the graph's vectors are stored
 * @param maxConn "M": neighbours per node (twice that on the bottom layer)
 * @param beamWidth candidates kept while inserting a node ("efConstruction")
 */
record IndexConfig(VectorFormat format, int maxConn, int beamWidth) {
  IndexConfig {
    if (maxConn < 1 || beamWidth < 1) {
      throw new IllegalArgumentException("M " + maxConn + ", beam width " + beamWidth);
    }
  }

  String label() {
    return format.label() + " M" + maxConn + " b" + beamWidth;
  }
}
