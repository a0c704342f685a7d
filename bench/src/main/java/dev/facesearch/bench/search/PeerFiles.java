package dev.facesearch.bench.search;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The files the peers' script and the bench exchange: vectors as raw little-endian float32, row
 * after row (what numpy's {@code fromfile(dtype='<f4')} reads), and the ids found as little-endian
 * int32, n per query, -1 where fewer were found.
 */
final class PeerFiles {
  private PeerFiles() {}

  /** Writes the vectors, all of one dimension, row after row. */
  static void writeFloats(Path file, float[][] vectors) throws IOException {
    int dimension = vectors.length == 0 ? 0 : vectors[0].length;
    ByteBuffer buffer =
        ByteBuffer.allocate(Math.max(1, 4096 * dimension) * Float.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel out =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      for (float[] vector : vectors) {
        if (vector.length != dimension) {
          throw new IllegalArgumentException(
              "vector dimensions differ: " + vector.length + "!=" + dimension);
        }
        if (buffer.remaining() < dimension * Float.BYTES) {
          drain(buffer, out);
        }
        buffer.asFloatBuffer().put(vector);
        buffer.position(buffer.position() + dimension * Float.BYTES);
      }
      drain(buffer, out);
    }
  }

  /** Reads n ids per query; each row holds the ids before the first -1. */
  static int[][] readIds(Path file, int queries, int n) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length != (long) queries * n * Integer.BYTES) {
      throw new IOException(
          file + " holds " + bytes.length + " bytes, not " + queries + " x " + n + " int32");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int[][] ids = new int[queries][];
    for (int q = 0; q < queries; q++) {
      int[] row = new int[n];
      int found = 0;
      for (int i = 0; i < n; i++) {
        int id = buffer.getInt();
        if (id >= 0 && found == i) {
          row[found++] = id;
        }
      }
      ids[q] = Arrays.copyOf(row, found);
    }
    return ids;
  }

  private static void drain(ByteBuffer buffer, FileChannel out) throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
    buffer.clear();
  }
}
