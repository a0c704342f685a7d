/**
 * The gallery search benchmark: Lucene HNSW against an exact scan, float32 against int8 and binary
 * quantisation, on synthetic galleries of up to a million faces. {@link
 * dev.facesearch.bench.search.SearchBench} is the entry point ({@code ./facesearch bench search
 * quick|full|scale}).
 *
 * <p>Data comes from {@link dev.facesearch.bench.search.FaceModel}s: identity directions plus
 * noise, or draws with the between- and within-identity covariances of real embeddings. Indexes are
 * built with raw IndexWriter in the server's document layout, one segment each; quality is measured
 * against the exact scan of the same stored vectors and throughput by a closed-loop harness, always
 * as ratios within one run.
 */
package dev.facesearch.bench.search;
