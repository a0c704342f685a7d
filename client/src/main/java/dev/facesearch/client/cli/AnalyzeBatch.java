package dev.facesearch.client.cli;

import com.google.protobuf.ByteString;
import dev.facesearch.api.v1.AnalyzeFacesRequest;
import dev.facesearch.api.v1.AnalyzeFacesResponse;
import dev.facesearch.client.FaceSearchClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs AnalyzeFaces on many images with a bounded number of calls in flight, and hands each image's
 * outcome back on the calling thread in the order of the images.
 *
 * <p>At most {@code parallel} calls run at once, and at most twice as many outcomes wait to be
 * handed back, so memory stays bounded however many images there are. A failure that concerns one
 * image (unreadable file, corrupt image, image over the limits) becomes that image's outcome; a
 * failure that concerns every image (server unreachable, unknown collection, a collection that
 * takes no images) stops the batch by throwing, and so does the same failure of each of the first
 * {@value #SAME_FAILURE_STOPS} images.
 */
final class AnalyzeBatch {
  private static final AtomicInteger BATCHES = new AtomicInteger();

  /** How many first images failing alike stop the batch. */
  static final int SAME_FAILURE_STOPS = 10;

  /**
   * What became of one image.
   *
   * @param image the image
   * @param response the analysis, absent when the image failed
   * @param error why it failed, for a person to read
   */
  record Outcome(
      SourceImages.SourceImage image, Optional<AnalyzeFacesResponse> response, String error) {}

  private final FaceSearchClient client;
  private final AnalyzeFacesRequest template;
  private final int parallel;

  /**
   * @param template the request for every image, without the image
   * @param parallel the most calls in flight, at least 1
   */
  AnalyzeBatch(FaceSearchClient client, AnalyzeFacesRequest template, int parallel) {
    if (parallel < 1) {
      throw new CliException(ExitCode.USAGE, "--parallel must be at least 1, got " + parallel);
    }
    this.client = client;
    this.template = template;
    this.parallel = parallel;
  }

  /** Analyses every image, passing each outcome to {@code handler} in the order of the images. */
  void run(List<SourceImages.SourceImage> images, Consumer<Outcome> handler) {
    int batch = BATCHES.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            parallel,
            r -> {
              Thread t = new Thread(r, "analyze-" + batch + "-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    Deque<Future<Outcome>> window = new ArrayDeque<>();
    try {
      int next = 0;
      int handled = 0;
      String common = ""; // the error all outcomes so far share; "" once one differs
      while (next < images.size() || !window.isEmpty()) {
        while (next < images.size() && window.size() < 2 * parallel) {
          SourceImages.SourceImage image = images.get(next++);
          window.add(pool.submit(() -> analyze(image)));
        }
        Outcome outcome = await(window.removeFirst());
        handler.accept(outcome);
        handled++;
        common = handled == 1 || outcome.error().equals(common) ? outcome.error() : "";
        // The same refusal of each of the first images (an unknown --model, say) is no property
        // of the images: stop rather than report it once per image.
        if (handled == SAME_FAILURE_STOPS && !common.isEmpty() && handled < images.size()) {
          throw new CliException(
              ExitCode.REFUSED,
              "the first " + handled + " images all failed with " + common + "; stopped");
        }
      }
    } finally {
      // On a fatal failure, the calls still in flight are abandoned (interrupting cancels them).
      pool.shutdownNow();
    }
  }

  private Outcome analyze(SourceImages.SourceImage image) {
    byte[] bytes;
    try {
      bytes = ImageFiles.read(image.file());
    } catch (CliException e) {
      return new Outcome(image, Optional.empty(), e.getMessage());
    }
    try {
      AnalyzeFacesResponse response =
          client.analyzeFaces(template.toBuilder().setImage(ByteString.copyFrom(bytes)).build());
      return new Outcome(image, Optional.of(response), "");
    } catch (StatusRuntimeException e) {
      if (concernsEveryImage(e.getStatus().getCode())) {
        throw e;
      }
      return new Outcome(
          image, Optional.empty(), e.getStatus().getCode() + ": " + e.getStatus().getDescription());
    }
  }

  /** Failures that the next image would meet too, so going on would only repeat them. */
  private static boolean concernsEveryImage(Status.Code code) {
    return switch (code) {
      case UNAVAILABLE,
          DEADLINE_EXCEEDED,
          NOT_FOUND,
          FAILED_PRECONDITION,
          UNAUTHENTICATED,
          PERMISSION_DENIED,
          UNIMPLEMENTED,
          CANCELLED ->
          true;
      default -> false;
    };
  }

  private static Outcome await(Future<Outcome> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.REFUSED, "interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
