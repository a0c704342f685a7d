package dev.facesearch.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Looks for bytes in the files under a folder: how the purge tests tell that a deleted face's
 * vector or id has left the disk, whatever the index format does with it.
 */
public final class DiskScan {
  private DiskScan() {}

  /** A vector as Lucene stores it in its vector files: float32, little-endian. */
  public static byte[] bytesOf(float[] vector) {
    ByteBuffer buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(vector);
    return buffer.array();
  }

  /**
   * Whether any file under the folder contains the bytes. Files that vanish while they are read (a
   * running index merging) hold nothing any more and are skipped.
   */
  public static boolean filesContain(Path folder, byte[] needle) {
    for (Path file : filesUnder(folder)) {
      try {
        if (indexOf(Files.readAllBytes(file), needle) >= 0) {
          return true;
        }
      } catch (NoSuchFileException e) {
        // Deleted since it was listed.
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return false;
  }

  /** The files under a folder, listed again if one vanishes during the walk. */
  private static List<Path> filesUnder(Path folder) {
    for (int attempt = 1; ; attempt++) {
      try (Stream<Path> walk = Files.walk(folder)) {
        return walk.filter(Files::isRegularFile).toList();
      } catch (IOException | UncheckedIOException e) {
        if (attempt == 5) {
          throw new IllegalStateException("cannot list " + folder, e);
        }
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
