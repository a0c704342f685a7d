package dev.facesearch.client.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Runs blocking calls on many items with a bounded number in flight: one thread per call in flight,
 * so the server is never sent more than that at once and each item's bytes are read only when its
 * turn comes. The first failure stops the batch and is thrown as is.
 */
final class Parallel {
  private Parallel() {}

  /**
   * Applies a function to each item, at most {@code parallel} at a time.
   *
   * @param onDone called after each item, in the calling thread (counts progress)
   * @return the results, in the order of the items
   */
  static <T, R> List<R> map(
      List<T> items, int parallel, String name, Function<T, R> function, Runnable onDone) {
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, items.size())), threads(name));
    try {
      ExecutorCompletionService<Integer> completion = new ExecutorCompletionService<>(pool);
      AtomicReferenceArray<R> results = new AtomicReferenceArray<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        int index = i;
        completion.submit(() -> {
          results.set(index, function.apply(items.get(index)));
          return index;
        });
      }
      for (int i = 0; i < items.size(); i++) {
        Future<Integer> finished = completion.take();
        try {
          finished.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException runtime) {
            throw runtime;
          }
          throw new IllegalStateException(e.getCause());
        }
        onDone.run();
      }
      List<R> ordered = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        ordered.add(results.get(i));
      }
      return ordered;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.REFUSED, "interrupted");
    } finally {
      pool.shutdownNow();
    }
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      // A Ctrl-C must not wait for calls in flight.
      thread.setDaemon(true);
      return thread;
    };
  }
}
