/**
 * JMH benchmarks of facesearch. Each benchmark's Javadoc says what it measures, on which data, and
 * how to run it; results go in {@code bench/README.md} as ratios against a baseline measured in the
 * same run.
 */
package dev.facesearch.bench;
