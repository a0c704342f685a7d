package dev.facesearch.server.config;

import java.util.Locale;

/** Where the server keeps its gallery. */
public enum GalleryBackend {
  /** One Lucene index per collection in the data folder: the default, on one machine. */
  LUCENE,
  /** One sharded, replicated index per collection on an OpenSearch cluster (--opensearch-url). */
  OPENSEARCH;

  /** The name used by the command line: lucene or opensearch. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
