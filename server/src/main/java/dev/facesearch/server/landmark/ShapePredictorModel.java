package dev.facesearch.server.landmark;

import dev.facesearch.models.dlib.ShapePredictorConverter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A dlib shape predictor as flat arrays, read from the compact file that {@link
 * ShapePredictorConverter} writes (its Javadoc has the layout): magic {@code FSDLIBSP}, version 1,
 * the five dimensions, the initial shape, the leaves, the split features and thresholds, the
 * anchors and deltas, a CRC32C. The file is mapped and copied into heap arrays in bulk; the
 * checksum and every index are checked, so a damaged file fails here with a clear message rather
 * than later with a wrong landmark. Immutable once read.
 */
final class ShapePredictorModel {
  private static final byte[] MAGIC =
      ShapePredictorConverter.MAGIC.getBytes(StandardCharsets.US_ASCII);
  private static final int FORMAT_VERSION = ShapePredictorConverter.FORMAT_VERSION;
  private static final int HEADER_BYTES = MAGIC.length + 4 + 5 * 4;

  final int parts;
  final int cascades;
  final int trees;
  final int depth;
  final int features;
  final int splits;
  final int leaves;

  /** x0, y0, x1, ... in the unit square of the box. */
  final float[] initialShape;

  /**
   * By cascade, tree, leaf: 2 x parts increments each. One array per leaf rather than one flat
   * array, because C2 vectorises {@code shape[i] += leaf[i]} but not {@code shape[i] += all[offset
   * + i]} (it cannot rule out that the two overlap), a fivefold difference in the hottest loop.
   */
  final float[][] leafValues;

  /** By cascade, tree, split (breadth first): the two feature indices compared. */
  final int[] splitFeatures;

  /** By cascade, tree, split: the intensity difference above which the left child is taken. */
  final float[] thresholds;

  /** By cascade: the landmark each feature pixel hangs from. */
  final int[] anchors;

  /**
   * By cascade: the feature pixel's (x, y) offset from its anchor, in the initial shape's frame.
   */
  final float[] deltas;

  private ShapePredictorModel(ByteBuffer in, int[] dimensions) {
    parts = dimensions[0];
    cascades = dimensions[1];
    trees = dimensions[2];
    depth = dimensions[3];
    features = dimensions[4];
    splits = (1 << depth) - 1;
    leaves = 1 << depth;
    int allTrees = cascades * trees;
    initialShape = floats(in, 2 * parts);
    leafValues = new float[allTrees * leaves][];
    for (int i = 0; i < leafValues.length; i++) {
      leafValues[i] = floats(in, 2 * parts);
    }
    splitFeatures = ints(in, allTrees * splits * 2);
    thresholds = floats(in, allTrees * splits);
    anchors = ints(in, cascades * features);
    deltas = floats(in, cascades * features * 2);
  }

  static ShapePredictorModel read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < HEADER_BYTES + 4) {
        throw new IOException(file + " is too short for a shape predictor (" + size + " bytes)");
      }
      if (size > Integer.MAX_VALUE) {
        throw new IOException(file + " is too large for a shape predictor (" + size + " bytes)");
      }
      MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
      mapped.order(ByteOrder.LITTLE_ENDIAN);
      int[] dimensions = header(mapped, file);
      long expected = expectedSize(dimensions);
      if (expected < 0) {
        throw new IOException(file + " has dimensions too large for arrays");
      }
      if (size != expected) {
        throw new IOException(
            file + " is " + size + " bytes, its header says " + expected + " (truncated?)");
      }
      CRC32C crc = new CRC32C();
      crc.update(mapped.slice(0, (int) size - 4));
      if ((int) crc.getValue() != mapped.getInt((int) size - 4)) {
        throw new IOException(file + " is damaged: its checksum does not match");
      }
      ShapePredictorModel model =
          new ShapePredictorModel(mapped.position(HEADER_BYTES), dimensions);
      model.checkIndices(file);
      return model;
    }
  }

  private static int[] header(ByteBuffer in, Path file) throws IOException {
    byte[] magic = new byte[MAGIC.length];
    in.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException(file + " is not a compact shape predictor (bad magic)");
    }
    int version = in.getInt();
    if (version != FORMAT_VERSION) {
      throw new IOException(
          file + " has format version " + version + ", this server reads " + FORMAT_VERSION);
    }
    int[] dimensions = new int[5];
    for (int i = 0; i < 5; i++) {
      dimensions[i] = in.getInt();
      if (dimensions[i] <= 0) {
        throw new IOException(file + " has a bad dimension " + dimensions[i]);
      }
    }
    if (dimensions[3] > 16) {
      throw new IOException(file + " has trees of depth " + dimensions[3] + ", at most 16");
    }
    return dimensions;
  }

  /** The file size the dimensions imply, or -1 when the arrays could not be Java arrays. */
  private static long expectedSize(int[] d) {
    long shape = 2L * d[0];
    long allTrees = (long) d[1] * d[2];
    long leafValues = allTrees * (1L << d[3]) * shape;
    long splitValues = allTrees * ((1L << d[3]) - 1);
    long featureValues = (long) d[1] * d[4];
    if (leafValues > Integer.MAX_VALUE - 8 || splitValues * 2 > Integer.MAX_VALUE - 8) {
      return -1;
    }
    return HEADER_BYTES + 4 * (shape + leafValues + splitValues * 3 + featureValues * 3 + 1);
  }

  private void checkIndices(Path file) throws IOException {
    for (int i = 0; i < splitFeatures.length; i++) {
      if (splitFeatures[i] < 0 || splitFeatures[i] >= features) {
        throw new IOException(file + " has split feature " + splitFeatures[i] + " of " + features);
      }
    }
    for (int anchor : anchors) {
      if (anchor < 0 || anchor >= parts) {
        throw new IOException(file + " has anchor " + anchor + " of " + parts + " parts");
      }
    }
  }

  /** Heap bytes held by the arrays, counting 16 bytes of header per array. */
  long heapBytes() {
    long leafBytes = (long) leafValues.length * (16 + 4L * 2 * parts) + 16 + 4L * leafValues.length;
    return leafBytes
        + 4L
            * (initialShape.length
                + splitFeatures.length
                + thresholds.length
                + anchors.length
                + deltas.length);
  }

  private static float[] floats(ByteBuffer in, int n) {
    float[] values = new float[n];
    in.asFloatBuffer().get(values);
    in.position(in.position() + 4 * n);
    return values;
  }

  private static int[] ints(ByteBuffer in, int n) {
    int[] values = new int[n];
    in.asIntBuffer().get(values);
    in.position(in.position() + 4 * n);
    return values;
  }
}
