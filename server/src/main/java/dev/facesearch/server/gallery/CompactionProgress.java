package dev.facesearch.server.gallery;

import java.time.Duration;

/**
 * Where a compaction stands.
 *
 * @param segmentsBefore segments when it started
 * @param segments segments now
 * @param vectorsMerged vectors inserted into the new segment's graph so far; 0 when unknown
 * @param vectorsTotal vectors the new segment's graph will hold; 0 when unknown
 * @param elapsed time since it started
 * @param done whether the merge is over and committed
 */
public record CompactionProgress(
    int segmentsBefore,
    int segments,
    long vectorsMerged,
    long vectorsTotal,
    Duration elapsed,
    boolean done) {}
