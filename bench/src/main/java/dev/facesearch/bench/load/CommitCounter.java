package dev.facesearch.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.lucene.index.SegmentInfos;

/**
 * Counts the commits of one collection from outside the server: every Lucene commit writes a new
 * {@code segments_N} file with the next generation N, so the generation's growth over a window is
 * the number of commits in it. Read-only; it opens nothing.
 */
public final class CommitCounter {
  private final Path folder;

  /** The collection's index folder, {@code <data>/collections/<name>}. */
  public CommitCounter(Path dataDir, String collection) {
    this.folder = dataDir.resolve("collections").resolve(collection);
  }

  /** The generation of the latest commit. */
  public long generation() {
    try (Stream<Path> files = Files.list(folder)) {
      return SegmentInfos.getLastCommitGeneration(
          files.map(f -> f.getFileName().toString()).toArray(String[]::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
