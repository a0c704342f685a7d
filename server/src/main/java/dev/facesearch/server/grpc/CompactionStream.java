package dev.facesearch.server.grpc;

import dev.facesearch.api.v1.CompactionProgress;
import dev.facesearch.server.core.UnavailableException;
import dev.facesearch.server.gallery.Compaction;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Streams a compaction's progress to one caller: at once, about every second, and once more when it
 * is done. A caller that cancels or whose deadline passes stops the stream, not the compaction.
 */
final class CompactionStream {
  private static final Executor EVERY_SECOND =
      CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS);

  private final Compaction compaction;
  private final ServerCallStreamObserver<CompactionProgress> observer;
  private boolean closed;

  private CompactionStream(
      Compaction compaction, ServerCallStreamObserver<CompactionProgress> observer) {
    this.compaction = compaction;
    this.observer = observer;
  }

  static void start(Compaction compaction, StreamObserver<CompactionProgress> observer) {
    CompactionStream stream =
        new CompactionStream(compaction, (ServerCallStreamObserver<CompactionProgress>) observer);
    stream.send();
    compaction.finished().whenComplete((last, failure) -> stream.finish(failure));
    stream.scheduleNext();
  }

  private void scheduleNext() {
    CompletableFuture.runAsync(this::tick, EVERY_SECOND);
  }

  private void tick() {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (observer.isCancelled()) {
        closed = true;
        return;
      }
    }
    send();
    scheduleNext();
  }

  private synchronized void send() {
    if (!closed && !observer.isCancelled()) {
      observer.onNext(ProtoMapper.compaction(compaction.progress()));
    }
  }

  private synchronized void finish(Throwable failure) {
    if (closed) {
      return;
    }
    closed = true;
    if (observer.isCancelled()) {
      return;
    }
    if (failure != null) {
      Throwable cause =
          failure instanceof CompletionException && failure.getCause() != null
              ? failure.getCause()
              : failure;
      RuntimeException thrown =
          cause instanceof RuntimeException runtime
              ? runtime
              : new UnavailableException("the compaction failed", cause);
      observer.onError(Statuses.of(thrown, "CompactCollection").asRuntimeException());
      return;
    }
    observer.onNext(ProtoMapper.compaction(compaction.progress()));
    observer.onCompleted();
  }
}
