package dev.facesearch.bench.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerFilesTest {
  @TempDir Path folder;

  @Test
  void writeFloats_isLittleEndianRowAfterRow() throws Exception {
    // More rows than one buffer holds, so the buffer is drained mid-way.
    float[][] vectors = new float[5000][3];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = new float[] {i, -i, i + 0.5f};
    }
    Path file = folder.resolve("v.f32");
    PeerFiles.writeFloats(file, vectors);
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(5000 * 3 * Float.BYTES, bytes.capacity());
    for (float[] vector : vectors) {
      assertArrayEquals(vector, new float[] {bytes.getFloat(), bytes.getFloat(), bytes.getFloat()});
    }
  }

  @Test
  void readIds_stopsEachRowAtTheFirstMissingId() throws Exception {
    ByteBuffer bytes = ByteBuffer.allocate(2 * 3 * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int id : new int[] {7, 3, 70000, 5, -1, -1}) {
      bytes.putInt(id);
    }
    Path file = folder.resolve("ids.i32");
    Files.write(file, bytes.array());
    int[][] ids = PeerFiles.readIds(file, 2, 3);
    assertArrayEquals(new int[] {7, 3, 70000}, ids[0]);
    assertArrayEquals(new int[] {5}, ids[1]);
    assertThrows(java.io.IOException.class, () -> PeerFiles.readIds(file, 3, 3));
  }
}
