package dev.facesearch.server.gallery.lucene;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import dev.facesearch.server.core.UnavailableException;
import dev.facesearch.server.gallery.CollectionSpec;
import dev.facesearch.server.gallery.CollectionStats;
import dev.facesearch.server.gallery.Compaction;
import dev.facesearch.server.gallery.Enrollment;
import dev.facesearch.server.gallery.Face;
import dev.facesearch.server.gallery.FaceIds;
import dev.facesearch.server.gallery.Match;
import dev.facesearch.server.gallery.NewFace;
import dev.facesearch.server.gallery.Subject;
import dev.facesearch.server.gallery.SubjectPage;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;

/**
 * One collection's open Lucene index: its writer, its near-real-time searchers, its group committer
 * and its subject cache.
 *
 * <p>Writes are acknowledged only once committed ({@link GroupCommitter}). If a write or commit
 * fails, the writer is rolled back, which discards every change not yet committed, none of which
 * was acknowledged; the index is then marked failed and the registry replaces it. Deletes merge
 * away the segments that held the deleted faces before they commit, so their bytes leave the disk.
 *
 * <p>The registry and each call in flight hold a reference; the index closes when the last one is
 * released.
 *
 * <p>Segments: each search visits every segment's graph, so the merge policy keeps few, large ones
 * (see {@link #mergePolicy}), merging in the background on Lucene's merge thread, never on a
 * request's path; {@link #compact} merges everything into one, for after a bulk load.
 */
final class CollectionIndex implements Closeable {
  private static final Logger logger = Logger.getLogger(CollectionIndex.class.getName());

  private final CollectionSpec spec;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final GroupCommitter committer;
  private final Cache<String, Subject> subjects;
  private final int searchCandidates;
  private final int exactSearchMaxFaces;
  private final int wideSearchCandidates;
  private final Clock clock;
  private final MergeProgress mergeProgress;
  private final AtomicReference<IndexCompaction> compaction = new AtomicReference<>();

  private final AtomicInteger references = new AtomicInteger(1);
  private final AtomicBoolean retired = new AtomicBoolean();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile boolean failed;

  private CollectionIndex(
      CollectionSpec spec,
      Directory directory,
      IndexWriter writer,
      MergeProgress mergeProgress,
      Options options)
      throws IOException {
    this.spec = spec;
    this.mergeProgress = mergeProgress;
    this.directory = directory;
    this.writer = writer;
    this.searchers = new SearcherManager(writer, null);
    this.committer = new GroupCommitter(writer, searchers);
    this.subjects =
        Caffeine.newBuilder()
            .maximumSize(options.subjectCacheSize())
            .recordStats(options::subjectCacheStats)
            .build();
    this.searchCandidates = options.searchCandidates();
    this.exactSearchMaxFaces = options.exactSearchMaxFaces();
    this.wideSearchCandidates = options.wideSearchCandidates();
    this.clock = options.clock();
  }

  /**
   * Search and cache settings of an open index.
   *
   * @param subjectCacheStats counts the subject caches' hits and misses; shared by every index, so
   *     the counts survive an index being closed and reopened
   */
  record Options(
      int searchCandidates,
      int exactSearchMaxFaces,
      int wideSearchCandidates,
      int subjectCacheSize,
      Clock clock,
      StatsCounter subjectCacheStats) {}

  /** Writes an empty index with this spec into an empty folder. */
  static void create(Path folder, CollectionSpec spec) throws IOException {
    try (Directory dir = FSDirectory.open(folder);
        IndexWriter w =
            new IndexWriter(
                dir, config(spec, IndexWriterConfig.OpenMode.CREATE, new MergeProgress()))) {
      w.setLiveCommitData(FaceSchema.userData(spec).entrySet());
      w.commit();
    }
  }

  /** Reads the spec of the index in this folder from its last commit, without opening it. */
  static CollectionSpec readSpec(Path folder, String name) throws IOException {
    try (Directory dir = FSDirectory.open(folder)) {
      return FaceSchema.spec(name, SegmentInfos.readLatestCommit(dir).getUserData());
    }
  }

  /** Opens the index in this folder for reading and writing. */
  static CollectionIndex open(Path folder, String name, Options options) throws IOException {
    Directory dir = FSDirectory.open(folder);
    IndexWriter w = null;
    try {
      CollectionSpec spec = FaceSchema.spec(name, SegmentInfos.readLatestCommit(dir).getUserData());
      MergeProgress mergeProgress = new MergeProgress();
      w = new IndexWriter(dir, config(spec, IndexWriterConfig.OpenMode.APPEND, mergeProgress));
      w.setLiveCommitData(FaceSchema.userData(spec).entrySet());
      return new CollectionIndex(spec, dir, w, mergeProgress, options);
    } catch (IOException | RuntimeException e) {
      IOUtils.closeWhileHandlingException(w, dir);
      throw e;
    }
  }

  private static IndexWriterConfig config(
      CollectionSpec spec, IndexWriterConfig.OpenMode mode, MergeProgress mergeProgress) {
    return new IndexWriterConfig()
        .setOpenMode(mode)
        .setCodec(FaceCodec.of(spec))
        .setMergePolicy(mergePolicy())
        .setInfoStream(mergeProgress)
        // Only acknowledged writes are committed; closing discards anything else.
        .setCommitOnClose(false)
        // A commit should not wait for merges: writers are waiting for it.
        .setMaxFullFlushMergeWaitMillis(0);
  }

  /**
   * Few, large segments, since every search visits each segment's graph. Lucene's tiered policy
   * with 3 segments per tier, not 10, and small segments counted as 32 MB (about 45,000 faces) so
   * that the many tiny segments of call-by-call enrollment are merged together early: a collection
   * of 100,000 faces settles at 3-5 segments instead of about 10. A merge of graphs starts from the
   * largest one's graph, so merging small segments into a large one costs about the small ones'
   * size. Merges run on Lucene's merge thread (one on 2 cores).
   */
  static TieredMergePolicy mergePolicy() {
    TieredMergePolicy policy = new TieredMergePolicy();
    policy.setSegmentsPerTier(3);
    policy.setFloorSegmentMB(32);
    // Purging deletes: forceMergeDeletes rewrites every segment holding a deleted face.
    policy.setForceMergeDeletesPctAllowed(0);
    return policy;
  }

  CollectionSpec spec() {
    return spec;
  }

  /**
   * Starts merging the index into one segment on a thread of its own, or returns the compaction
   * running now. Calls go on meanwhile: searches see the old segments until the merged one is
   * committed. Nothing acknowledged depends on it: if it fails, or the index closes first
   * (shutdown, delete, eviction from the registry's cache), the index keeps its segments.
   */
  synchronized Compaction compact() {
    IndexCompaction running = compaction.get();
    if (running != null && !running.finished().isDone()) {
      return running;
    }
    mergeProgress.reset();
    IndexCompaction next =
        new IndexCompaction(
            segments(),
            read(searcher -> searcher.getIndexReader().numDocs()),
            this::segments,
            mergeProgress);
    compaction.set(next);
    Thread.ofPlatform()
        .daemon()
        .name("facesearch-compact-" + spec.name())
        .start(() -> runCompaction(next));
    return next;
  }

  private void runCompaction(IndexCompaction compaction) {
    long start = System.nanoTime();
    try {
      writer.forceMerge(1, true);
      committer.commitNow();
      compaction.succeed();
      logger.info(() ->
          String.format(
              "collection '%s': compacted from %d segments to %d in %d ms",
              spec.name(),
              compaction.progress().segmentsBefore(),
              compaction.progress().segments(),
              (System.nanoTime() - start) / 1_000_000));
    } catch (IOException e) {
      logger.log(Level.WARNING, "collection '" + spec.name() + "': compaction failed", e);
      compaction.fail(
          new UnavailableException(
              "collection '" + spec.name() + "' could not be compacted; it keeps its segments", e));
    } catch (UnavailableException e) {
      compaction.fail(e);
    } catch (RuntimeException e) {
      // AlreadyClosedException among them: the index closed under the merge (shutdown, delete,
      // eviction), which aborted it.
      compaction.fail(
          new UnavailableException(
              "collection '" + spec.name() + "' closed during its compaction; run it again", e));
    }
  }

  /** Segments that searches visit now. */
  private int segments() {
    return read(searcher -> searcher.getIndexReader().leaves().size());
  }

  List<Enrollment> enroll(String subjectId, List<NewFace> faces, Map<String, String> metadata) {
    BytesRef encodedMetadata = FaceSchema.encodeMetadata(metadata);
    List<Enrollment> enrollments = new ArrayList<>(faces.size());
    Set<String> inThisCall = new HashSet<>();
    long lastWrite = -1;
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        for (NewFace face : faces) {
          String faceId = FaceIds.of(subjectId, face.contentHash());
          if (!inThisCall.add(faceId) || FaceQueries.hasFace(searcher, faceId)) {
            enrollments.add(new Enrollment(faceId, false));
            continue;
          }
          // updateDocument, not addDocument: a concurrent call enrolling the same input replaces
          // this one instead of adding a second copy.
          lastWrite =
              writer.updateDocument(
                  new Term(FaceSchema.FACE_ID, faceId),
                  FaceSchema.document(faceId, subjectId, face, clock.instant(), encodedMetadata));
          enrollments.add(new Enrollment(faceId, true));
        }
      } finally {
        searchers.release(searcher);
      }
      if (lastWrite >= 0) {
        committer.awaitDurable(lastWrite);
      }
    } catch (IOException e) {
      throw fail("enroll", e);
    } catch (AlreadyClosedException e) {
      throw closing(e);
    } finally {
      subjects.invalidate(subjectId);
    }
    return enrollments;
  }

  int deleteSubject(String subjectId) {
    Optional<Subject> subject = read(searcher -> FaceQueries.subject(searcher, subjectId));
    if (subject.isEmpty()) {
      return 0;
    }
    purge(new Term(FaceSchema.SUBJECT_ID, subjectId), subjectId);
    return subject.get().faceCount();
  }

  Optional<String> deleteFace(String faceId) {
    Optional<Face> face = read(searcher -> FaceQueries.face(searcher, faceId));
    face.ifPresent(f -> purge(new Term(FaceSchema.FACE_ID, faceId), f.subjectId()));
    return face.map(Face::subjectId);
  }

  /** Deletes the faces with this term, then merges their segments away, then commits. */
  private void purge(Term faces, String subjectId) {
    try {
      long delete = writer.deleteDocuments(faces);
      writer.forceMergeDeletes(true);
      committer.awaitDurable(delete);
    } catch (IOException e) {
      throw fail("delete", e);
    } catch (AlreadyClosedException e) {
      throw closing(e);
    } finally {
      subjects.invalidate(subjectId);
    }
  }

  List<Match> nearestSubjects(float[] query, int limit) {
    return read(searcher ->
        FaceQueries.nearestSubjects(
            searcher,
            query,
            limit,
            new FaceQueries.SearchWidth(
                searchCandidates, wideSearchCandidates, spec.matchThreshold()),
            exactSearchMaxFaces));
  }

  Optional<Match> nearestFaceOf(String subjectId, float[] query) {
    return read(searcher -> FaceQueries.nearestFaceOf(searcher, subjectId, query));
  }

  Optional<Subject> subject(String subjectId) {
    return Optional.ofNullable(
        subjects.get(
            subjectId, id -> read(searcher -> FaceQueries.subject(searcher, id)).orElse(null)));
  }

  SubjectPage subjects(String after, int limit) {
    return read(searcher -> FaceQueries.subjects(searcher, after, limit));
  }

  CollectionStats stats() {
    return read(searcher -> FaceQueries.stats(searcher, directory));
  }

  /** A question asked of a searcher. */
  @FunctionalInterface
  private interface Question<T> {
    T ask(IndexSearcher searcher) throws IOException;
  }

  private <T> T read(Question<T> question) {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return question.ask(searcher);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      logger.log(Level.SEVERE, "collection '" + spec.name() + "': read failed", e);
      throw new UnavailableException("collection '" + spec.name() + "' could not be read", e);
    } catch (AlreadyClosedException e) {
      throw closing(e);
    }
  }

  /** Rolls back every change not yet committed (none was acknowledged) and marks this failed. */
  private UnavailableException fail(String action, IOException cause) {
    failed = true;
    logger.log(
        Level.SEVERE,
        "collection '" + spec.name() + "': " + action + " failed; rolling back uncommitted changes",
        cause);
    try {
      writer.rollback();
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
    return new UnavailableException(
        "collection '" + spec.name() + "' could not " + action + "; nothing was written", cause);
  }

  private UnavailableException closing(AlreadyClosedException cause) {
    failed = true;
    return new UnavailableException(
        "collection '" + spec.name() + "' is closing or failed; nothing was written", cause);
  }

  /** Whether a write failed, so this index must be replaced by a freshly opened one. */
  boolean failed() {
    return failed;
  }

  /** Takes a reference for a call; false if the index is closing. */
  boolean tryAcquire() {
    for (int count = references.get(); count > 0; count = references.get()) {
      if (references.compareAndSet(count, count + 1)) {
        return true;
      }
    }
    return false;
  }

  /** Drops a reference; the last one closes the index. */
  void release() {
    int count = references.decrementAndGet();
    assert count >= 0 : "released more than acquired";
    if (count == 0) {
      keepFinishedMerges();
      try {
        IOUtils.close(searchers, writer, directory);
      } catch (IOException | RuntimeException e) {
        logger.log(Level.WARNING, "collection '" + spec.name() + "': close failed", e);
      } finally {
        closed.complete(null);
      }
    }
  }

  /**
   * Commits the merges that finished since the last commit, so that the next open does not redo
   * them; merges still running are abandoned by the close. Every write was committed before it was
   * acknowledged, and no call is in flight now, so this commit holds nothing but merges.
   */
  private void keepFinishedMerges() {
    if (failed) {
      return;
    }
    try {
      writer.commit();
    } catch (IOException | RuntimeException e) {
      logger.log(Level.FINE, "collection '" + spec.name() + "': no commit at close", e);
    }
  }

  /** Completes when the index is closed and its write lock released. */
  CompletableFuture<Void> closed() {
    return closed;
  }

  /** Drops the registry's reference, closing the index after the calls in flight. Idempotent. */
  @Override
  public void close() {
    if (retired.compareAndSet(false, true)) {
      release();
    }
  }
}
