/**
 * The image pipeline benchmark (per-stage latency and images per second, without gRPC), the photos
 * it runs on, made in memory from the shared photos, and where the harness finds its files.
 */
package dev.facesearch.bench.pipeline;
