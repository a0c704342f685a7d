/**
 * The RPC load harness: a real server on loopback, closed-loop clients, and markdown tables of
 * throughput, latency quantiles and CPU per call. {@link dev.facesearch.bench.load.LoadBench} is
 * the entry point (also of the pipeline part); it is a main, not JMH, because it measures a whole
 * server under concurrent load rather than one method.
 */
package dev.facesearch.bench.load;
