package dev.facesearch.server.landmark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapePredictorModelTest {
  @TempDir Path folder;

  private String failure(byte[] bytes) throws IOException {
    Path file = Files.write(folder.resolve("model.bin"), bytes);
    return assertThrows(IOException.class, () -> ShapePredictorModel.read(file)).getMessage();
  }

  @Test
  void read_validFile_givesItsArrays() throws IOException {
    CompactModelWriter writer = CompactModelWriter.twoCorners();
    ShapePredictorModel model = ShapePredictorModel.read(writer.write(folder.resolve("m.bin")));
    assertEquals(2, model.parts);
    assertEquals(1, model.splits);
    assertEquals(2, model.leaves);
    assertArrayEquals(writer.initialShape, model.initialShape);
    assertArrayEquals(new float[] {0, 0, 0, 0.2f}, model.leafValues[3]);
    assertArrayEquals(writer.splitFeatures, model.splitFeatures);
    assertArrayEquals(writer.anchors, model.anchors);
  }

  @Test
  void read_badMagicOrVersion_fails() throws IOException {
    byte[] bytes = CompactModelWriter.twoCorners().toBytes();
    byte[] magic = bytes.clone();
    magic[0] = 'X';
    assertTrue(failure(magic).contains("bad magic"));
    byte[] version = bytes.clone();
    version[8] = 2;
    assertTrue(failure(version).contains("format version 2"));
  }

  @Test
  void read_truncatedOrLonger_fails() throws IOException {
    byte[] bytes = CompactModelWriter.twoCorners().toBytes();
    assertTrue(failure(Arrays.copyOf(bytes, bytes.length - 4)).contains("(truncated?)"));
    assertTrue(failure(Arrays.copyOf(bytes, bytes.length + 1)).contains("(truncated?)"));
    assertTrue(failure(Arrays.copyOf(bytes, 20)).contains("too short"));
  }

  @Test
  void read_flippedBit_failsTheChecksum() throws IOException {
    byte[] bytes = CompactModelWriter.twoCorners().toBytes();
    for (int at : new int[] {40, 60, bytes.length - 10}) {
      byte[] damaged = bytes.clone();
      damaged[at] ^= 4;
      assertTrue(failure(damaged).contains("checksum"), "byte " + at);
    }
  }

  @Test
  void read_indexOutOfRange_fails() throws IOException {
    CompactModelWriter writer = CompactModelWriter.twoCorners();
    writer.splitFeatures[2] = 2;
    assertTrue(failure(writer.toBytes()).contains("split feature 2 of 2"));
    writer = CompactModelWriter.twoCorners();
    writer.anchors[1] = -1;
    assertTrue(failure(writer.toBytes()).contains("anchor -1 of 2 parts"));
  }

  @Test
  void read_badDimensions_fail() throws IOException {
    CompactModelWriter writer = CompactModelWriter.twoCorners();
    writer.depth = 17;
    assertTrue(failure(writer.toBytes()).contains("depth 17"));
    writer = CompactModelWriter.twoCorners();
    writer.features = 0;
    assertTrue(failure(writer.toBytes()).contains("bad dimension 0"));
  }
}
