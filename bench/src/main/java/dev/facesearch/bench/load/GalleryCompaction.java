package dev.facesearch.bench.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Merges a closed collection's index into one segment, what an operator's compaction after a bulk
 * load would give. A graph search visits every segment's graph, so a gallery enrolled in many calls
 * (9-15 segments at 100k faces) costs several times a compacted one per query; the harness measures
 * both states with {@code --compact}.
 *
 * <p>The merged segment is written with the collection's own HNSW parameters, read from the commit
 * the server wrote; the commit's user data (the collection's settings) carries over unchanged.
 */
public final class GalleryCompaction {
  private static final String MAX_CONNECTIONS = "facesearch.hnsw.max_connections";
  private static final String BEAM_WIDTH = "facesearch.hnsw.beam_width";

  private GalleryCompaction() {}

  /** Force-merges the index in {@code folder} to one segment; returns the seconds it took. */
  public static double compact(Path folder) throws IOException {
    long start = System.nanoTime();
    try (Directory dir = FSDirectory.open(folder)) {
      Map<String, String> userData = SegmentInfos.readLatestCommit(dir).getUserData();
      KnnVectorsFormat hnsw =
          new Lucene99HnswVectorsFormat(
              Integer.parseInt(userData.get(MAX_CONNECTIONS)),
              Integer.parseInt(userData.get(BEAM_WIDTH)));
      IndexWriterConfig config =
          new IndexWriterConfig()
              .setOpenMode(IndexWriterConfig.OpenMode.APPEND)
              .setCodec(
                  new Lucene103Codec() {
                    @Override
                    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                      return hnsw;
                    }
                  });
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        writer.setLiveCommitData(userData.entrySet());
        writer.forceMerge(1);
        writer.commit();
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        if (reader.leaves().size() != 1) {
          throw new IllegalStateException(reader.leaves().size() + " segments after compaction");
        }
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
