package dev.facesearch.bench.load;

import dev.facesearch.server.config.ServerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;

/**
 * Keeps a built gallery between runs: building 100,000 faces takes minutes, longer than the quick
 * run itself, and the gallery depends only on its seed and size (the load harness's, and the peers'
 * bench's one-face-per-subject gallery). The first run builds it into {@code
 * bench/target/load-gallery/<size>}; every run copies it into its own data folder, so the server
 * under test never writes to the kept copy. {@code mvn clean} removes it.
 */
public final class GalleryCache {
  private static final String COMPLETE = "complete";

  private final Path kept;

  public GalleryCache(Path cacheRoot, String key) {
    this.kept = cacheRoot.resolve(key);
  }

  /**
   * What was done.
   *
   * @param built whether the gallery was built now (false: copied from an earlier run)
   * @param buildSeconds how long building took, 0 if copied
   * @param segments segments of the gallery's index
   */
  public record Outcome(boolean built, double buildSeconds, int segments) {}

  /** Builds a gallery's collection into a data folder; returns the seconds it took. */
  @FunctionalInterface
  public interface Builder {
    double build(Path data) throws IOException, InterruptedException;
  }

  /** Copies the kept gallery into {@code data}, building it first if there is none. */
  public Outcome copyInto(
      Path data, String collection, FaceLikeGallery gallery, ServerSettings settings, int threads)
      throws IOException, InterruptedException {
    return copyInto(
        data, collection, kept -> gallery.build(settings.withDataDir(kept), collection, threads));
  }

  /**
   * Copies the kept collection into {@code data}, having {@code builder} build it into the kept
   * folder first if there is none.
   */
  public Outcome copyInto(Path data, String collection, Builder builder)
      throws IOException, InterruptedException {
    boolean build = !Files.exists(kept.resolve(COMPLETE));
    double seconds = 0;
    if (build) {
      if (Files.exists(kept)) {
        IOUtils.rm(kept);
      }
      Files.createDirectories(kept);
      seconds = builder.build(kept);
      Files.createFile(kept.resolve(COMPLETE));
    }
    Path from = kept.resolve("collections").resolve(collection);
    Path to = data.resolve("collections").resolve(collection);
    copyTree(from, to);
    return new Outcome(build, seconds, segments(to));
  }

  private static int segments(Path index) throws IOException {
    try (Directory dir = FSDirectory.open(index);
        DirectoryReader reader = DirectoryReader.open(dir)) {
      return reader.leaves().size();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
