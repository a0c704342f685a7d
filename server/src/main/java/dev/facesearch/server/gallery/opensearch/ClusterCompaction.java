package dev.facesearch.server.gallery.opensearch;

import com.google.gson.JsonObject;
import dev.facesearch.server.core.UnavailableException;
import dev.facesearch.server.gallery.Compaction;
import dev.facesearch.server.gallery.CompactionProgress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A collection's forced merge on the cluster: started as a task ({@code _forcemerge} with {@code
 * wait_for_completion=false}) that the cluster runs on every copy, watched until the task reports
 * completion, then refreshed so searches see the merged segments. The cluster does not say how far
 * a merge has come, so progress is in segments only.
 */
final class ClusterCompaction implements Compaction {
  private static final Logger logger = Logger.getLogger(ClusterCompaction.class.getName());
  private static final Duration POLL = Duration.ofSeconds(1);

  private final OpenSearchClient client;
  private final String collection;
  private final IntSupplier segments;
  private final int segmentsBefore;
  private final long startNanos = System.nanoTime();
  private final CompletableFuture<CompactionProgress> finished = new CompletableFuture<>();

  private ClusterCompaction(OpenSearchClient client, String collection, IntSupplier segments) {
    this.client = client;
    this.collection = collection;
    this.segments = segments;
    this.segmentsBefore = segments.getAsInt();
  }

  /** Starts the merge task; the watching runs on a thread of its own. */
  static ClusterCompaction start(OpenSearchClient client, String collection, IntSupplier segments) {
    ClusterCompaction compaction = new ClusterCompaction(client, collection, segments);
    String index = "/" + FaceIndexLayout.index(collection);
    OpenSearchClient.Reply started =
        client.send(
            "POST", index + "/_forcemerge?max_num_segments=1&wait_for_completion=false", null);
    if (!started.ok() || !started.body().has("task")) {
      throw OpenSearchClient.failure(collection, "be compacted", started);
    }
    String task = started.body().get("task").getAsString();
    Thread.ofPlatform()
        .daemon()
        .name("facesearch-compact-" + collection)
        .start(() -> compaction.watch(index, task));
    return compaction;
  }

  private void watch(String index, String task) {
    try {
      while (!completed(task)) {
        Thread.sleep(POLL);
      }
      OpenSearchClient.Reply refreshed = client.send("POST", index + "/_refresh", null);
      if (!refreshed.ok()) {
        throw OpenSearchClient.failure(collection, "be refreshed", refreshed);
      }
      finished.complete(snapshot(true));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished.completeExceptionally(
          new UnavailableException("interrupted while compacting '" + collection + "'", e));
    } catch (RuntimeException e) {
      logger.log(Level.WARNING, "collection '" + collection + "': compaction failed", e);
      finished.completeExceptionally(e);
    }
  }

  private boolean completed(String task) {
    OpenSearchClient.Reply reply = client.send("GET", "/_tasks/" + task, null);
    if (!reply.ok()) {
      throw OpenSearchClient.failure(collection, "report its compaction", reply);
    }
    JsonObject body = reply.body();
    if (body.has("error") && !body.get("error").isJsonNull()) {
      throw new UnavailableException(
          "collection '" + collection + "' could not be compacted: " + body.get("error"));
    }
    return body.has("completed") && body.get("completed").getAsBoolean();
  }

  private CompactionProgress snapshot(boolean done) {
    return new CompactionProgress(
        segmentsBefore,
        segments.getAsInt(),
        0,
        0,
        Duration.ofNanos(System.nanoTime() - startNanos),
        done);
  }

  @Override
  public CompactionProgress progress() {
    CompactionProgress last = finished.getNow(null);
    return last != null ? last : snapshot(false);
  }

  @Override
  public CompletableFuture<CompactionProgress> finished() {
    return finished;
  }
}
