package dev.facesearch.server.gallery.lucene;

import java.io.IOException;
import java.io.InterruptedIOException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.search.ReferenceManager;

/**
 * Makes index writes durable and visible before they are acknowledged, sharing one commit among
 * concurrent writers.
 *
 * <p>Every IndexWriter operation returns a sequence number, and {@code commit()} returns the
 * highest one it made durable. A writer calls {@link #awaitDurable} with its operation's number. If
 * no commit is running, it leads one: it commits, refreshes the searcher, and wakes the others. If
 * a commit is running, it waits; when that commit ends, either the writer's operation was in it and
 * the writer returns, or one of the waiters leads the next commit for all of them. So under load
 * one fsync serves every writer that arrived while the previous one ran.
 */
final class GroupCommitter {
  private final IndexWriter writer;
  private final ReferenceManager<?> searchers;
  private final Object lock = new Object();

  /** Highest sequence number known durable and visible; guarded by {@link #lock}. */
  private long durableSeqNo = -1;

  /** Whether a thread is committing now; guarded by {@link #lock}. */
  private boolean committing;

  GroupCommitter(IndexWriter writer, ReferenceManager<?> searchers) {
    this.writer = writer;
    this.searchers = searchers;
  }

  /**
   * Returns once the operation with this sequence number is committed and searchable.
   *
   * @throws IOException if the commit failed; the operation was not made durable
   */
  void awaitDurable(long seqNo) throws IOException {
    synchronized (lock) {
      while (durableSeqNo < seqNo && committing) {
        waitForCommit();
      }
      if (durableSeqNo >= seqNo) {
        return;
      }
      committing = true;
    }
    long madeVisible = lead();
    assert madeVisible >= seqNo : "commit " + madeVisible + " misses operation " + seqNo;
  }

  /**
   * Commits what the writer holds now that no operation numbers, such as a finished merge, and
   * makes it searchable: waits for a commit running now (which may have started before it), then
   * leads a new one.
   */
  void commitNow() throws IOException {
    synchronized (lock) {
      while (committing) {
        waitForCommit();
      }
      committing = true;
    }
    lead();
  }

  private void waitForCommit() throws InterruptedIOException {
    try {
      lock.wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a commit");
    }
  }

  /** Commits and refreshes as the leader; returns the highest operation made durable. */
  private long lead() throws IOException {
    long madeVisible = -1;
    try {
      long committed = writer.commit();
      searchers.maybeRefreshBlocking();
      madeVisible = committed;
    } finally {
      synchronized (lock) {
        committing = false;
        durableSeqNo = Math.max(durableSeqNo, madeVisible);
        lock.notifyAll();
      }
    }
    return madeVisible;
  }
}
