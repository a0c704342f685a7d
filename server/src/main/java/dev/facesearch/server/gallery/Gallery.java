package dev.facesearch.server.gallery;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.io.Closeable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stores enrolled faces in named collections and finds the nearest ones to a query.
 *
 * <p>Callers pass valid arguments: names, ids and unit-length vectors of the collection's dimension
 * are checked before they reach a gallery. A gallery throws {@link
 * dev.facesearch.server.core.NotFoundException} for an unknown collection and {@link
 * dev.facesearch.server.core.UnavailableException} when its storage fails.
 *
 * <p>Writes are durable and visible when they return: a face whose enrollment returned survives a
 * crash of the process and is found by the next search. Deletes purge: the deleted vectors and
 * stored fields leave the disk, not only the search results; the embedded gallery before the call
 * returns, a cluster once its replicas let go of them (see the implementation).
 *
 * <p>Implementations are safe for concurrent use.
 */
public interface Gallery extends Closeable {

  /** Creates an empty collection and returns its spec. */
  CollectionSpec create(CollectionSpec spec);

  /** The settings of a collection. */
  CollectionSpec spec(String collection);

  /** Counts and size of a collection. */
  CollectionStats stats(String collection);

  /** All collections, sorted by name. */
  List<CollectionSpec> list();

  /** Deletes a collection and all its files. */
  void delete(String collection);

  /**
   * Adds faces of one subject. A face whose id is already in the collection is not written again.
   *
   * @return one enrollment per face, in order
   */
  List<Enrollment> enroll(
      String collection, String subjectId, List<NewFace> faces, Map<String, String> metadata);

  /**
   * The subjects nearest to a unit-length query, nearest first, each with its nearest face.
   *
   * @param limit most subjects to return
   */
  List<Match> nearestSubjects(String collection, float[] query, int limit);

  /** The subject's face nearest to a unit-length query; empty if the subject has no face. */
  Optional<Match> nearestFaceOf(String collection, String subjectId, float[] query);

  /** A subject and its faces; empty if the subject has no face. */
  Optional<Subject> subject(String collection, String subjectId);

  /**
   * A page of subjects (without their faces) in subject id order.
   *
   * @param after the last subject id of the previous page, or empty for the first page
   * @param limit most subjects to return
   */
  SubjectPage subjects(String collection, String after, int limit);

  /** Deletes all faces of a subject; returns how many there were (0: nothing was written). */
  int deleteSubject(String collection, String subjectId);

  /** Deletes one face; returns the subject it belonged to, or empty if no such face. */
  Optional<String> deleteFace(String collection, String faceId);

  /**
   * Starts merging a collection's index into as few segments as it can, in the background, or
   * returns the compaction already running for it. Searches and writes go on meanwhile.
   */
  Compaction compact(String collection);

  /**
   * Counts of the collections open now, by name, for the metrics: cheap enough for every scrape,
   * and opening no collection for it.
   */
  Map<String, CollectionStats> openCollectionStats();

  /**
   * Collections with deleted faces still on disk, waiting to be purged, for the metrics: a cluster
   * keeps deleted documents while its copies may need them. Always 0 for a gallery that purges
   * before a delete returns.
   */
  default int pendingPurges() {
    return 0;
  }

  /** Hits and misses of the gallery's caches since it opened, by cache name, for the metrics. */
  Map<String, CacheStats> cacheStats();
}
