package dev.facesearch.server.gallery.lucene;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.gallery.CollectionSpec;
import dev.facesearch.server.gallery.CollectionStats;
import dev.facesearch.server.gallery.Compaction;
import dev.facesearch.server.gallery.Enrollment;
import dev.facesearch.server.gallery.Gallery;
import dev.facesearch.server.gallery.Match;
import dev.facesearch.server.gallery.NewFace;
import dev.facesearch.server.gallery.Subject;
import dev.facesearch.server.gallery.SubjectPage;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The embedded gallery: one Lucene index per collection, in {@code <data>/collections/<name>}.
 *
 * <p>Each call leases the collection's open index from the registry for its duration.
 */
public final class LuceneGallery implements Gallery {
  private final CollectionRegistry registry;
  private final StatsCounter subjectCacheStats;

  private LuceneGallery(CollectionRegistry registry, StatsCounter subjectCacheStats) {
    this.registry = registry;
    this.subjectCacheStats = subjectCacheStats;
  }

  /** Opens the gallery in the settings' data folder, creating the folder if needed. */
  public static LuceneGallery open(ServerSettings settings, Clock clock) throws IOException {
    StatsCounter subjectCacheStats = new ConcurrentStatsCounter();
    CollectionIndex.Options options =
        new CollectionIndex.Options(
            settings.searchCandidates(),
            settings.exactSearchMaxFaces(),
            settings.wideSearchCandidates(),
            settings.subjectCacheSize(),
            clock,
            subjectCacheStats);
    return new LuceneGallery(
        new CollectionRegistry(
            settings.dataDir().resolve("collections"), settings.maxOpenCollections(), options),
        subjectCacheStats);
  }

  private <T> T withIndex(String collection, Function<CollectionIndex, T> call) {
    try (CollectionRegistry.Lease lease = registry.lease(collection)) {
      return call.apply(lease.index());
    }
  }

  @Override
  public CollectionSpec create(CollectionSpec spec) {
    return registry.create(spec);
  }

  @Override
  public CollectionSpec spec(String collection) {
    return withIndex(collection, CollectionIndex::spec);
  }

  @Override
  public CollectionStats stats(String collection) {
    return withIndex(collection, CollectionIndex::stats);
  }

  @Override
  public List<CollectionSpec> list() {
    return registry.list();
  }

  @Override
  public void delete(String collection) {
    registry.delete(collection);
  }

  @Override
  public List<Enrollment> enroll(
      String collection, String subjectId, List<NewFace> faces, Map<String, String> metadata) {
    return withIndex(collection, index -> index.enroll(subjectId, faces, metadata));
  }

  @Override
  public List<Match> nearestSubjects(String collection, float[] query, int limit) {
    return withIndex(collection, index -> index.nearestSubjects(query, limit));
  }

  @Override
  public Optional<Match> nearestFaceOf(String collection, String subjectId, float[] query) {
    return withIndex(collection, index -> index.nearestFaceOf(subjectId, query));
  }

  @Override
  public Optional<Subject> subject(String collection, String subjectId) {
    return withIndex(collection, index -> index.subject(subjectId));
  }

  @Override
  public SubjectPage subjects(String collection, String after, int limit) {
    return withIndex(collection, index -> index.subjects(after, limit));
  }

  @Override
  public int deleteSubject(String collection, String subjectId) {
    return withIndex(collection, index -> index.deleteSubject(subjectId));
  }

  @Override
  public Optional<String> deleteFace(String collection, String faceId) {
    return withIndex(collection, index -> index.deleteFace(faceId));
  }

  @Override
  public Compaction compact(String collection) {
    return withIndex(collection, CollectionIndex::compact);
  }

  @Override
  public Map<String, CollectionStats> openCollectionStats() {
    return registry.openStats();
  }

  @Override
  public Map<String, CacheStats> cacheStats() {
    return Map.of(
        "subjects", subjectCacheStats.snapshot(), "collections", registry.openCacheStats());
  }

  @Override
  public void close() {
    registry.close();
  }
}
