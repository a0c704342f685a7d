package dev.facesearch.server.gallery;

import java.util.concurrent.CompletableFuture;

/**
 * A compaction of one collection, running in the background: it goes on whether or not anyone
 * watches it, and a second request for the same collection joins the one running.
 */
public interface Compaction {
  /** Where it stands now; cheap enough to ask every second. */
  CompactionProgress progress();

  /**
   * Completes with the last progress once the merge is committed, or exceptionally with the
   * gallery's exception if it failed (nothing is lost then: the collection keeps its segments).
   */
  CompletableFuture<CompactionProgress> finished();
}
