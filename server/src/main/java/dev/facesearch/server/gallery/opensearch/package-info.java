/**
 * The gallery on an OpenSearch cluster, for galleries larger than one machine: one sharded,
 * replicated index per collection with the k-NN plugin's Lucene HNSW, reached over HTTP with the
 * JDK's client and Gson (no Lucene or OpenSearch client on the server's side).
 */
package dev.facesearch.server.gallery.opensearch;
