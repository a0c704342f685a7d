package dev.facesearch.server.gallery;

/**
 * How a collection is spread over a cluster: a gallery on one machine ignores it.
 *
 * @param shards primary shards, each holding a part of the faces
 * @param replicas copies of each shard on other nodes
 */
public record Sharding(int shards, int replicas) {
  public static final int DEFAULT_SHARDS = 1;
  public static final int DEFAULT_REPLICAS = 1;
  public static final int MAX_SHARDS = 1024;
  public static final int MAX_REPLICAS = 15;

  public Sharding {
    if (shards < 1 || shards > MAX_SHARDS) {
      throw new IllegalArgumentException("shards must be in [1, " + MAX_SHARDS + "]: " + shards);
    }
    if (replicas < 0 || replicas > MAX_REPLICAS) {
      throw new IllegalArgumentException(
          "replicas must be in [0, " + MAX_REPLICAS + "]: " + replicas);
    }
  }
}
