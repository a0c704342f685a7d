package dev.facesearch.bench.search;

/**
 * One engine at one search setting, on the peers' gallery.
 *
 * @param engine the library and index, e.g. "hnswlib HNSW M16 efc100"
 * @param knob what the setting is called in that engine: "k" (Lucene's candidates) or "ef"
 * @param setting HNSW candidates (Lucene's k, the peers' ef), or 0 for an exact scan
 * @param recall recall@10 of face ids against the exact neighbours
 * @param top1 fraction of queries whose first hit is a face of the query's identity
 * @param qps queries per second, one query per call, one thread
 */
record PeerRow(String engine, String knob, int setting, double recall, double top1, double qps) {
  /** The setting as the tables show it: "k=100", "ef=100", or "exact". */
  String settingText() {
    return setting == 0 ? "exact" : knob + "=" + setting;
  }
}
