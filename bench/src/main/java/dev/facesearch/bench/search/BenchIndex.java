package dev.facesearch.bench.search;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.VectorUtil;

/**
 * A synthetic gallery in a Lucene index built with raw {@link IndexWriter}, searched with raw
 * {@link IndexSearcher}: HNSW ({@link KnnFloatVectorQuery}) with optional exact rescoring of the
 * candidates, as the server does, and an exact scan of the stored vectors.
 *
 * <p>The build adds every face from {@code threads} threads, force-merges to one segment (so every
 * configuration is searched as one graph, whatever the flushes did) and commits; compound files are
 * off so that {@link DiskUsage} can tell the files apart. Searches are thread-safe.
 */
final class BenchIndex implements Closeable {
  /** RAM buffer: a 1M-face gallery flushes a few large segments rather than many small ones. */
  private static final double RAM_BUFFER_MB = 1024;

  private final IndexConfig config;
  private final Directory directory;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final int[] docToFace;
  private final Build build;

  /**
   * What building cost.
   *
   * @param seconds wall time from the first document to the commit of the merged segment
   * @param disk bytes on disk by role
   * @param heapBytes heap in use (after GC) with the index open, minus before the build
   * @param segments segments after the build (1 unless the merge failed to finish)
   */
  record Build(double seconds, DiskUsage disk, long heapBytes, int segments) {}

  private BenchIndex(
      IndexConfig config, Directory directory, DirectoryReader reader, int[] docToFace, Build b) {
    this.config = config;
    this.directory = directory;
    this.reader = reader;
    this.searcher = new IndexSearcher(reader);
    // Every query is new; caching would only cost.
    this.searcher.setQueryCache(null);
    this.docToFace = docToFace;
    this.build = b;
  }

  static BenchIndex build(Path folder, SyntheticGallery gallery, IndexConfig config, int threads)
      throws IOException {
    long heapBefore = Heap.usedAfterGc();
    ExecutorService merges =
        threads > 1 ? Executors.newFixedThreadPool(threads, named("hnsw-merge-")) : null;
    Directory directory = FSDirectory.open(folder);
    DirectoryReader reader = null;
    try {
      long start = System.nanoTime();
      try (IndexWriter writer = new IndexWriter(directory, writerConfig(config, threads, merges))) {
        addAll(writer, gallery, threads);
        writer.forceMerge(1);
        writer.commit();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      reader = DirectoryReader.open(directory);
      int[] docToFace = docToFace(reader);
      long heap = Heap.usedAfterGc() - heapBefore;
      Build build = new Build(seconds, DiskUsage.of(folder), heap, reader.leaves().size());
      return new BenchIndex(config, directory, reader, docToFace, build);
    } catch (IOException | RuntimeException e) {
      IOUtils.closeWhileHandlingException(reader, directory);
      throw e;
    } finally {
      if (merges != null) {
        merges.shutdownNow();
      }
    }
  }

  private static IndexWriterConfig writerConfig(
      IndexConfig config, int threads, ExecutorService merges) {
    KnnVectorsFormat format =
        config.format().create(config.maxConn(), config.beamWidth(), threads, merges);
    TieredMergePolicy mergePolicy = new TieredMergePolicy();
    mergePolicy.setNoCFSRatio(0);
    return new IndexWriterConfig()
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
        .setCodec(
            new Lucene104Codec() {
              @Override
              public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
              }
            })
        .setUseCompoundFile(false)
        .setMergePolicy(mergePolicy)
        .setRAMBufferSizeMB(RAM_BUFFER_MB);
  }

  private static void addAll(IndexWriter writer, SyntheticGallery gallery, int threads)
      throws IOException {
    AtomicInteger next = new AtomicInteger();
    long createTime = System.currentTimeMillis();
    List<Thread> workers = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < threads; t++) {
      workers.add(
          Thread.ofPlatform()
              .name("index-" + t)
              .start(() -> {
                try {
                  for (int f = next.getAndIncrement();
                      f < gallery.size();
                      f = next.getAndIncrement()) {
                    writer.addDocument(BenchSchema.document(gallery, f, createTime));
                  }
                } catch (IOException | RuntimeException e) {
                  failures.add(e);
                }
              }));
    }
    for (Thread worker : workers) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while indexing", e);
      }
    }
    if (!failures.isEmpty()) {
      throw new IOException("indexing failed", failures.getFirst());
    }
  }

  /** Face index of every doc, read once from the face id doc values. */
  private static int[] docToFace(DirectoryReader reader) throws IOException {
    int[] faces = new int[reader.maxDoc()];
    Arrays.fill(faces, -1);
    for (LeafReaderContext leaf : reader.leaves()) {
      SortedDocValues ids = leaf.reader().getSortedDocValues(BenchSchema.FACE_ID);
      for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
        if (!ids.advanceExact(doc)) {
          throw new IllegalStateException("doc " + doc + " has no face id");
        }
        faces[leaf.docBase + doc] =
            SyntheticGallery.faceOf(ids.lookupOrd(ids.ordValue()).utf8ToString());
      }
    }
    return faces;
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    return Thread.ofPlatform().name(prefix, 0).daemon().factory();
  }

  IndexConfig config() {
    return config;
  }

  Build build() {
    return build;
  }

  /**
   * The faces of the n best hits of an HNSW search with k candidates: re-ranked by their exact
   * distance from the stored float32 vectors if {@code rescore}, else in the graph's own order
   * (which for quantised formats is by approximate distance).
   */
  int[] search(float[] query, int k, int n, boolean rescore) {
    try {
      TopDocs top = searcher.search(new KnnFloatVectorQuery(BenchSchema.VECTOR, query, k), k);
      if (!rescore) {
        int[] faces = new int[Math.min(n, top.scoreDocs.length)];
        for (int i = 0; i < faces.length; i++) {
          faces[i] = docToFace[top.scoreDocs[i].doc];
        }
        return faces;
      }
      NearestN nearest = new NearestN(n);
      rescore(top.scoreDocs, query, nearest);
      return nearest.faces();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void rescore(ScoreDoc[] hits, float[] query, NearestN nearest) throws IOException {
    // Forward-only iterators: visit the hits in doc order, leaf by leaf.
    int[] docs = Arrays.stream(hits).mapToInt(hit -> hit.doc).sorted().toArray();
    int next = 0;
    for (LeafReaderContext leaf : reader.leaves()) {
      int end = leaf.docBase + leaf.reader().maxDoc();
      if (next >= docs.length || docs[next] >= end) {
        continue;
      }
      FloatVectorValues vectors = leaf.reader().getFloatVectorValues(BenchSchema.VECTOR);
      KnnVectorValues.DocIndexIterator iterator = vectors.iterator();
      for (; next < docs.length && docs[next] < end; next++) {
        int doc = docs[next] - leaf.docBase;
        if (iterator.docID() < doc) {
          iterator.advance(doc);
        }
        float distance = VectorUtil.squareDistance(query, vectors.vectorValue(iterator.index()));
        nearest.offer(docToFace[docs[next]], distance);
      }
    }
  }

  /** The faces of the n nearest stored vectors, by scanning all of them: the exact answer. */
  int[] exact(float[] query, int n) {
    try {
      NearestN nearest = new NearestN(n);
      for (LeafReaderContext leaf : reader.leaves()) {
        FloatVectorValues vectors = leaf.reader().getFloatVectorValues(BenchSchema.VECTOR);
        for (int ord = 0; ord < vectors.size(); ord++) {
          float distance = VectorUtil.squareDistance(query, vectors.vectorValue(ord));
          nearest.offer(docToFace[leaf.docBase + vectors.ordToDoc(ord)], distance);
        }
      }
      return nearest.faces();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    IOUtils.close(reader, directory);
  }
}
