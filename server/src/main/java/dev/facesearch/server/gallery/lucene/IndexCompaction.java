package dev.facesearch.server.gallery.lucene;

import dev.facesearch.server.gallery.Compaction;
import dev.facesearch.server.gallery.CompactionProgress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/** One collection's forced merge to a single segment, watched through the graph builder. */
final class IndexCompaction implements Compaction {
  private final int segmentsBefore;
  private final long vectors;
  private final long startNanos = System.nanoTime();
  private final IntSupplier segments;
  private final MergeProgress merge;
  private final CompletableFuture<CompactionProgress> finished = new CompletableFuture<>();

  /**
   * @param segmentsBefore segments now
   * @param vectors live vectors now, which the merged segment's graph will hold
   */
  IndexCompaction(int segmentsBefore, long vectors, IntSupplier segments, MergeProgress merge) {
    this.segmentsBefore = segmentsBefore;
    this.vectors = vectors;
    this.segments = segments;
    this.merge = merge;
  }

  @Override
  public CompactionProgress progress() {
    CompactionProgress last = finished.getNow(null);
    if (last != null) {
      return last;
    }
    return snapshot(false);
  }

  private CompactionProgress snapshot(boolean done) {
    int now = segments.getAsInt();
    // One segment already: nothing to merge, no graph to build.
    long total = segmentsBefore > 1 ? vectors : 0;
    return new CompactionProgress(
        segmentsBefore,
        now,
        done ? total : Math.min(merge.built(), total),
        total,
        Duration.ofNanos(System.nanoTime() - startNanos),
        done);
  }

  @Override
  public CompletableFuture<CompactionProgress> finished() {
    return finished;
  }

  void succeed() {
    finished.complete(snapshot(true));
  }

  void fail(RuntimeException cause) {
    finished.completeExceptionally(cause);
  }
}
