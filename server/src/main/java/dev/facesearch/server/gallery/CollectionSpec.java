package dev.facesearch.server.gallery;

import dev.facesearch.server.detect.DetectionSettings;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of a collection, fixed when it is created.
 *
 * @param name the collection's name
 * @param model id of the embedding model whose vectors the collection holds
 * @param dimension values per vector
 * @param matchThreshold squared L2 distance at or below which two faces match
 * @param hnswMaxConnections the HNSW graph's "M"
 * @param hnswBeamWidth the HNSW graph's beam width while inserting
 * @param vectorEncoding how the HNSW graph holds the vectors it navigates by
 * @param createTime when the collection was created
 * @param detection how faces are found in its images unless a request says otherwise
 * @param sharding shards and replicas on a cluster; empty for a gallery on one machine, and in a
 *     request that leaves them to the gallery's defaults
 */
public record CollectionSpec(
    String name,
    String model,
    int dimension,
    float matchThreshold,
    int hnswMaxConnections,
    int hnswBeamWidth,
    VectorEncoding vectorEncoding,
    Instant createTime,
    DetectionSettings detection,
    Optional<Sharding> sharding) {

  public CollectionSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(vectorEncoding, "vectorEncoding");
    Objects.requireNonNull(createTime, "createTime");
    Objects.requireNonNull(detection, "detection");
    Objects.requireNonNull(sharding, "sharding");
  }

  /** A spec without sharding: the embedded gallery's, or a request leaving it to defaults. */
  public CollectionSpec(
      String name,
      String model,
      int dimension,
      float matchThreshold,
      int hnswMaxConnections,
      int hnswBeamWidth,
      VectorEncoding vectorEncoding,
      Instant createTime,
      DetectionSettings detection) {
    this(
        name,
        model,
        dimension,
        matchThreshold,
        hnswMaxConnections,
        hnswBeamWidth,
        vectorEncoding,
        createTime,
        detection,
        Optional.empty());
  }

  /** This spec with the given sharding. */
  public CollectionSpec withSharding(Sharding value) {
    return new CollectionSpec(
        name,
        model,
        dimension,
        matchThreshold,
        hnswMaxConnections,
        hnswBeamWidth,
        vectorEncoding,
        createTime,
        detection,
        Optional.of(value));
  }
}
