package dev.facesearch.server.gallery;

import dev.facesearch.server.detect.DetectionSettings;
import java.time.Instant;
import java.util.Objects;

/**
 * The settings of a collection, fixed when it is created.
 *
 * @param name the collection's name
 * @param model id of the embedding model whose vectors the collection holds
 * @param dimension values per vector
 * @param matchThreshold squared L2 distance at or below which two faces match
 * @param hnswMaxConnections the HNSW graph's "M"
 * @param hnswBeamWidth the HNSW graph's beam width while inserting
 * @param createTime when the collection was created
 * @param detection how faces are found in its images unless a request says otherwise
 */
public record CollectionSpec(
    String name,
    String model,
    int dimension,
    float matchThreshold,
    int hnswMaxConnections,
    int hnswBeamWidth,
    Instant createTime,
    DetectionSettings detection) {

  public CollectionSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(createTime, "createTime");
    Objects.requireNonNull(detection, "detection");
  }
}
