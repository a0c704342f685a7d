package dev.facesearch.server.gallery;

/**
 * How a collection's HNSW graph holds the vectors it navigates by. Either way the float vectors are
 * kept and every candidate's distance is recomputed from them.
 */
public enum VectorEncoding {
  /** Four bytes per value: the graph navigates on the vectors themselves. */
  FLOAT32,

  /**
   * One byte per value (Lucene's optimised scalar quantisation, plus a few bytes of corrections per
   * vector): the graph navigates on about a quarter of the bytes.
   */
  INT8;

  /** What a collection created without saying gets. */
  public static final VectorEncoding DEFAULT = FLOAT32;
}
