package dev.facesearch.models.dlib;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/** A compact file read back for tests, independently of the server's reader. */
record CompactShapeFile(
    ShapePredictorLayout layout,
    float[] initialShape,
    float[] leaves,
    int[] splitFeatures,
    float[] thresholds,
    int[] anchors,
    float[] deltas) {

  static CompactShapeFile parse(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[8];
    in.get(magic);
    if (!new String(magic, StandardCharsets.US_ASCII).equals(ShapePredictorConverter.MAGIC)) {
      throw new IllegalArgumentException("bad magic");
    }
    if (in.getInt() != ShapePredictorConverter.FORMAT_VERSION) {
      throw new IllegalArgumentException("bad version");
    }
    ShapePredictorLayout layout =
        new ShapePredictorLayout(in.getInt(), in.getInt(), in.getInt(), in.getInt(), in.getInt());
    int shape = 2 * layout.parts();
    int trees = layout.cascades() * layout.trees();
    CompactShapeFile file =
        new CompactShapeFile(
            layout,
            floats(in, shape),
            floats(in, trees * layout.leaves() * shape),
            ints(in, trees * layout.splits() * 2),
            floats(in, trees * layout.splits()),
            ints(in, layout.cascades() * layout.features()),
            floats(in, layout.cascades() * layout.features() * 2));
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, in.position());
    if (in.getInt() != (int) crc.getValue() || in.hasRemaining()) {
      throw new IllegalArgumentException("bad checksum or trailing bytes");
    }
    return file;
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
