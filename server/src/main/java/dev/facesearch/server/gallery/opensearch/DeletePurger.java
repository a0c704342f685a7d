package dev.facesearch.server.gallery.opensearch;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Removes deleted faces from the cluster's disks, in the background, as soon as the cluster lets go
 * of them.
 *
 * <p>OpenSearch does not drop a deleted document at once: it soft-deletes it and keeps it in its
 * segment while a shard's retention leases still cover its sequence number, so that a replica which
 * falls behind can replay the history. The leases move past the delete when the copies confirm it,
 * at the cluster's retention-lease sync (every 30 s), or when a missing copy's lease expires
 * ({@code index.soft_deletes.retention_lease.period}, 12 h by default). A forced merge before then
 * leaves the faces' vectors and ids in the files, so each delete marks its index here, and a purge
 * runs once every copy's leases are past what was deleted: flush (the safe commit covers the
 * deletes), force-merge with {@code only_expunge_deletes}, refresh (the searcher lets go of the old
 * segments), flush (the old commit goes, and its files with it).
 *
 * <p>At start, every index that still holds deleted documents is marked, so a purge cut short by a
 * restart is finished.
 */
final class DeletePurger implements AutoCloseable {
  private static final Logger logger = Logger.getLogger(DeletePurger.class.getName());

  /** How often pending indexes are looked at. */
  private static final Duration POLL = Duration.ofSeconds(2);

  /** A purge still waiting after this long is reported, once. */
  private static final Duration SLOW = Duration.ofMinutes(5);

  private final OpenSearchClient client;
  private final Clock clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("facesearch-opensearch-purge").factory());

  /** Indexes with deletes not yet purged. */
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  /**
   * A marked index: since when, whether a delete came since its targets were read, and per shard
   * the highest sequence number every retention lease must pass.
   */
  private static final class Pending {
    final Instant since;
    volatile boolean newDeletes = true;
    Map<String, Long> targets = Map.of();
    boolean reportedSlow;

    Pending(Instant since) {
      this.since = since;
    }
  }

  DeletePurger(OpenSearchClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Starts the background work: first the indexes left with deletes, then every mark. */
  void start() {
    timer.execute(this::markIndexesWithDeletes);
    timer.scheduleWithFixedDelay(this::purgeReady, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Marks an index whose documents were just deleted (the delete acknowledged). */
  void deleted(String index) {
    pending.compute(
        index,
        (key, current) -> {
          Pending p = current != null ? current : new Pending(clock.instant());
          p.newDeletes = true;
          return p;
        });
  }

  /** Forgets an index that was deleted: its files are gone with it. */
  void indexDeleted(String index) {
    pending.remove(index);
  }

  /** The indexes whose deletes are not purged yet. */
  int pendingCount() {
    return pending.size();
  }

  private void markIndexesWithDeletes() {
    try {
      OpenSearchClient.Reply reply =
          client.send(
              "GET",
              "/"
                  + FaceIndexLayout.PREFIX
                  + "*/_stats/docs?allow_no_indices=true&ignore_unavailable=true",
              null);
      JsonObject indices = reply.ok() ? reply.body().getAsJsonObject("indices") : null;
      if (indices == null) {
        return;
      }
      for (Map.Entry<String, JsonElement> index : indices.entrySet()) {
        JsonObject docs =
            index.getValue().getAsJsonObject().getAsJsonObject("total").getAsJsonObject("docs");
        if (docs != null && docs.get("deleted").getAsLong() > 0) {
          deleted(index.getKey());
        }
      }
    } catch (RuntimeException e) {
      logger.warning("could not look for unpurged deletes: " + e.getMessage());
    }
  }

  private void purgeReady() {
    for (Map.Entry<String, Pending> entry : pending.entrySet()) {
      String index = entry.getKey();
      Pending p = entry.getValue();
      try {
        if (tryPurge(index, p)) {
          // Done, unless a delete marked it again while the purge ran.
          pending.computeIfPresent(index, (key, current) -> current.newDeletes ? current : null);
          logger.info(() ->
              "purged deleted faces of "
                  + index
                  + " from the cluster's disks, "
                  + Duration.between(p.since, clock.instant()).toSeconds()
                  + " s after the delete");
        } else if (!p.reportedSlow
            && Duration.between(p.since, clock.instant()).compareTo(SLOW) > 0) {
          p.reportedSlow = true;
          logger.warning(
              "deleted faces of "
                  + index
                  + " are not purged yet: a copy's retention lease still covers them (is a node"
                  + " down?); the purge runs when the lease moves or expires");
        }
      } catch (RuntimeException e) {
        logger.log(Level.FINE, "purge of " + index + " postponed", e);
      }
    }
  }

  /**
   * Purges the index if every copy's leases are past the deletes; false if it must wait. Once a
   * purge has started, a delete that marks the index again gets a purge of its own.
   */
  private boolean tryPurge(String index, Pending p) {
    String path = "/" + index;
    if (p.newDeletes) {
      // Cleared before the read, so a delete acknowledged after it marks the index again.
      p.newDeletes = false;
      try {
        JsonObject shards = shardStats(index);
        if (shards == null) {
          pending.remove(index, p);
          return false;
        }
        p.targets = highestSequenceNumbers(shards);
      } catch (RuntimeException e) {
        p.newDeletes = true;
        throw e;
      }
    }
    JsonObject shards = shardStats(index);
    if (shards == null) {
      pending.remove(index, p);
      return false;
    }
    for (Map.Entry<String, Long> target : p.targets.entrySet()) {
      if (!leasesPast(shards.getAsJsonArray(target.getKey()), target.getValue())) {
        return false;
      }
    }
    for (String step :
        new String[] {
          "/_flush", "/_forcemerge?only_expunge_deletes=true", "/_refresh", "/_flush"
        }) {
      OpenSearchClient.Reply reply = client.send("POST", path + step, null);
      if (!reply.ok()) {
        throw new IllegalStateException(step + " answered " + reply.status());
      }
    }
    return true;
  }

  /** Per shard, the highest sequence number of any copy: every delete so far is at or below it. */
  private static Map<String, Long> highestSequenceNumbers(JsonObject shards) {
    Map<String, Long> highest = new HashMap<>();
    for (Map.Entry<String, JsonElement> shard : shards.entrySet()) {
      for (JsonElement copy : shard.getValue().getAsJsonArray()) {
        long seqNo = copy.getAsJsonObject().getAsJsonObject("seq_no").get("max_seq_no").getAsLong();
        highest.merge(shard.getKey(), seqNo, Math::max);
      }
    }
    return Map.copyOf(highest);
  }

  /** The per-shard statistics of an index (each shard: an array of its copies), null if gone. */
  private JsonObject shardStats(String index) {
    OpenSearchClient.Reply reply =
        client.send("GET", "/" + index + "/_stats/docs?level=shards", null);
    if (reply.status() == 404) {
      return null;
    }
    if (!reply.ok()) {
      throw new IllegalStateException("statistics answered " + reply.status());
    }
    return reply.body().getAsJsonObject("indices").getAsJsonObject(index).getAsJsonObject("shards");
  }

  /** Whether every lease on every reported copy of a shard retains only operations after target. */
  private static boolean leasesPast(JsonArray copies, long target) {
    if (copies == null || copies.isEmpty()) {
      return false;
    }
    for (JsonElement copy : copies) {
      JsonObject leases = copy.getAsJsonObject().getAsJsonObject("retention_leases");
      if (leases == null) {
        return false;
      }
      for (JsonElement lease : leases.getAsJsonArray("leases")) {
        if (lease.getAsJsonObject().get("retaining_seq_no").getAsLong() <= target) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
