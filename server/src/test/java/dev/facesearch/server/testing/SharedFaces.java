package dev.facesearch.server.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The shared photos beside the project ({@code ../shared/data/faces}); tests skip without them. */
public final class SharedFaces {
  private SharedFaces() {}

  public static Path folder() {
    String shared = System.getProperty("facesearch.shared");
    return (shared != null ? Path.of(shared) : Path.of("..", "..", "shared"))
        .resolve("data")
        .resolve("faces");
  }

  /** Skips the calling test when the photos are not there. */
  public static void assumePresent() {
    assumeTrue(Files.isDirectory(folder()), "needs the shared photos in " + folder());
  }

  public static byte[] read(String relative) {
    try {
      return Files.readAllBytes(folder().resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The files of a folder (not recursive), sorted by name. */
  public static List<Path> list(String relative) {
    try (Stream<Path> files = Files.list(folder().resolve(relative))) {
      return files.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
