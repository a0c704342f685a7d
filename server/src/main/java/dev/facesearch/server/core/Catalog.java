package dev.facesearch.server.core;

import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.embed.EmbeddingModel;
import dev.facesearch.server.gallery.CollectionSpec;
import dev.facesearch.server.gallery.CollectionStats;
import dev.facesearch.server.gallery.Compaction;
import dev.facesearch.server.gallery.FaceIds;
import dev.facesearch.server.gallery.Gallery;
import dev.facesearch.server.gallery.Sharding;
import dev.facesearch.server.gallery.Subject;
import dev.facesearch.server.gallery.SubjectPage;
import dev.facesearch.server.gallery.VectorEncoding;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Manages collections and subjects: create, inspect, list and delete them. Checks every argument
 * before it reaches the gallery.
 */
public final class Catalog {
  /** HNSW "M" of a collection created without one (Lucene's default). */
  public static final int DEFAULT_HNSW_MAX_CONNECTIONS = 16;

  /** HNSW beam width of a collection created without one (Lucene's default). */
  public static final int DEFAULT_HNSW_BEAM_WIDTH = 100;

  /** Lucene99HnswVectorsFormat's limits. */
  private static final int MAX_HNSW_MAX_CONNECTIONS = 512;

  private static final int MAX_HNSW_BEAM_WIDTH = 3200;

  private final Gallery gallery;
  private final Clock clock;

  public Catalog(Gallery gallery, Clock clock) {
    this.gallery = Objects.requireNonNull(gallery, "gallery");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A collection's spec and, for GetCollection, its stats.
   *
   * @param spec the settings
   * @param stats the counts, if asked for
   */
  public record CollectionInfo(CollectionSpec spec, Optional<CollectionStats> stats) {}

  /**
   * A page of subjects.
   *
   * @param subjects the subjects, without faces
   * @param nextPageToken the token of the next page, or empty on the last page
   */
  public record SubjectListing(List<Subject> subjects, String nextPageToken) {}

  /**
   * Creates a collection.
   *
   * @param modelId embedding model id; empty for the default
   * @param matchThreshold threshold, or empty for the model's default
   * @param hnswMaxConnections HNSW "M", or 0 for the default
   * @param hnswBeamWidth HNSW beam width, or 0 for the default
   * @param detection the collection's detection defaults (fields may be unset)
   */
  public CollectionSpec createCollection(
      String name,
      String modelId,
      Optional<Float> matchThreshold,
      int hnswMaxConnections,
      int hnswBeamWidth,
      DetectionSettings detection) {
    return createCollection(
        name,
        modelId,
        matchThreshold,
        hnswMaxConnections,
        hnswBeamWidth,
        Optional.empty(),
        detection,
        0,
        Optional.empty());
  }

  /**
   * Creates a collection, with its shards and replicas on a cluster (which the embedded gallery
   * ignores).
   *
   * @param vectorEncoding how the graph holds its vectors, or empty for the default
   * @param shards primary shards, or 0 for the default
   * @param replicas copies of each shard, or empty for the default
   */
  public CollectionSpec createCollection(
      String name,
      String modelId,
      Optional<Float> matchThreshold,
      int hnswMaxConnections,
      int hnswBeamWidth,
      Optional<VectorEncoding> vectorEncoding,
      DetectionSettings detection,
      int shards,
      Optional<Integer> replicas) {
    Validation.collectionName(name);
    EmbeddingModel model = EmbeddingModel.byId(modelId);
    float threshold =
        Validation.matchThreshold(
            matchThreshold
                .or(model::defaultThreshold)
                .orElseThrow(() ->
                    new InvalidInputException(
                        "model '" + model.id() + "' has no default: set match_threshold")));
    CollectionSpec spec =
        new CollectionSpec(
            name,
            model.id(),
            model.dimension(),
            threshold,
            Validation.orDefault(
                "hnsw.max_connections",
                hnswMaxConnections,
                DEFAULT_HNSW_MAX_CONNECTIONS,
                2,
                MAX_HNSW_MAX_CONNECTIONS),
            Validation.orDefault(
                "hnsw.beam_width", hnswBeamWidth, DEFAULT_HNSW_BEAM_WIDTH, 1, MAX_HNSW_BEAM_WIDTH),
            vectorEncoding.orElse(VectorEncoding.DEFAULT),
            clock.instant().truncatedTo(ChronoUnit.MILLIS),
            detection,
            sharding(shards, replicas));
    return gallery.create(spec);
  }

  /** The requested sharding, or empty if the request left both counts to the gallery. */
  private static Optional<Sharding> sharding(int shards, Optional<Integer> replicas) {
    if (shards == 0 && replicas.isEmpty()) {
      return Optional.empty();
    }
    int replicaCount = replicas.orElse(Sharding.DEFAULT_REPLICAS);
    if (replicaCount < 0 || replicaCount > Sharding.MAX_REPLICAS) {
      throw new InvalidInputException(
          "sharding.replicas must be in [0, " + Sharding.MAX_REPLICAS + "], got " + replicaCount);
    }
    return Optional.of(
        new Sharding(
            Validation.orDefault(
                "sharding.shards", shards, Sharding.DEFAULT_SHARDS, 1, Sharding.MAX_SHARDS),
            replicaCount));
  }

  public CollectionInfo getCollection(String name) {
    Validation.collectionName(name);
    return new CollectionInfo(gallery.spec(name), Optional.of(gallery.stats(name)));
  }

  public List<CollectionSpec> listCollections() {
    return gallery.list();
  }

  public void deleteCollection(String name) {
    gallery.delete(Validation.collectionName(name));
  }

  /** Starts compacting a collection, or joins the compaction running for it. */
  public Compaction compactCollection(String name) {
    return gallery.compact(Validation.collectionName(name));
  }

  public Subject subject(String collection, String subjectId) {
    Validation.collectionName(collection);
    Validation.subjectId(subjectId);
    return gallery
        .subject(collection, subjectId)
        .orElseThrow(() -> subjectNotFound(collection, subjectId));
  }

  /**
   * A page of subjects.
   *
   * @param pageToken empty for the first page, else the previous page's token
   * @param pageSize subjects per page, or 0 for the default
   */
  public SubjectListing subjects(String collection, String pageToken, int pageSize) {
    Validation.collectionName(collection);
    int limit =
        Validation.orDefault(
            "page_size", pageSize, Validation.DEFAULT_PAGE_SIZE, 1, Validation.MAX_PAGE_SIZE);
    SubjectPage page = gallery.subjects(collection, PageTokens.decode(pageToken), limit);
    return new SubjectListing(
        page.subjects(), page.lastOfPage().map(PageTokens::encode).orElse(""));
  }

  /** Deletes a subject's faces; returns how many. */
  public int deleteSubject(String collection, String subjectId) {
    Validation.collectionName(collection);
    Validation.subjectId(subjectId);
    int deleted = gallery.deleteSubject(collection, subjectId);
    if (deleted == 0) {
      throw subjectNotFound(collection, subjectId);
    }
    return deleted;
  }

  /** Deletes a face; returns the subject it belonged to. */
  public String deleteFace(String collection, String faceId) {
    Validation.collectionName(collection);
    Validation.faceId(faceId, FaceIds.isWellFormed(faceId));
    return gallery
        .deleteFace(collection, faceId)
        .orElseThrow(() ->
            new NotFoundException(
                "face '" + faceId + "' is not in collection '" + collection + "'"));
  }

  static NotFoundException subjectNotFound(String collection, String subjectId) {
    return new NotFoundException(
        "subject "
            + Validation.quote(subjectId)
            + " has no face in collection '"
            + collection
            + "'");
  }
}
