package dev.facesearch.bench.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A folder of unpacked or copied files, stamped with what it came from ({@code <folder>.from}
 * beside it), so that it is made again only when its source changes. The stamp is written last and
 * removed first, so an interrupted unpacking is never taken for a finished one.
 */
final class UnpackedFolder {
  private UnpackedFolder() {}

  /** Whether the folder is there and was made from this source. */
  static boolean stamped(Path folder, String identity) throws IOException {
    Path stamp = stampOf(folder);
    return Files.isDirectory(folder)
        && Files.isRegularFile(stamp)
        && Files.readString(stamp).equals(identity);
  }

  /** Marks the folder finished, made from this source. */
  static void stamp(Path folder, String identity) throws IOException {
    Files.writeString(stampOf(folder), identity);
  }

  private static Path stampOf(Path folder) {
    return folder.resolveSibling(folder.getFileName() + ".from");
  }

  /** Removes the stamp, then the folder and everything in it. */
  static void clear(Path folder) throws IOException {
    Files.deleteIfExists(stampOf(folder));
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Copies a folder's files, at the same paths below the target. */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
