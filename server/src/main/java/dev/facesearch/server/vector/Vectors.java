package dev.facesearch.server.vector;

import dev.facesearch.server.core.InvalidInputException;
import dev.facesearch.server.core.Sha256;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.lucene.util.VectorUtil;

/**
 * Vector math on embeddings: the one place that checks them and scales them to unit length.
 *
 * <p>Every embedding is made unit length exactly once, by {@link #toUnitLength}, before it is
 * stored or compared. Distances are then squared L2 distances in [0, 4], and {@link #similarity}
 * maps them to (1 + cosine) / 2 in [0, 1].
 */
public final class Vectors {
  private Vectors() {}

  /**
   * Checks an embedding and returns a unit-length copy of it.
   *
   * @throws InvalidInputException if the dimension is wrong, a value is not finite, or all values
   *     are zero
   */
  public static float[] toUnitLength(float[] embedding, int dimension) {
    if (embedding.length != dimension) {
      throw new InvalidInputException(
          "embedding has " + embedding.length + " values, expected " + dimension);
    }
    // Sum in double: squares of large finite floats overflow a float accumulator.
    double sumOfSquares = 0;
    for (int i = 0; i < embedding.length; i++) {
      float value = embedding[i];
      if (!Float.isFinite(value)) {
        throw new InvalidInputException("embedding value " + i + " is not finite: " + value);
      }
      sumOfSquares += (double) value * value;
    }
    if (sumOfSquares == 0) {
      throw new InvalidInputException("embedding is all zeros: it has no direction");
    }
    double scale = 1 / Math.sqrt(sumOfSquares);
    float[] unit = new float[embedding.length];
    for (int i = 0; i < unit.length; i++) {
      unit[i] = (float) (embedding[i] * scale);
    }
    assert Math.abs(VectorUtil.dotProduct(unit, unit) - 1) < 1e-4 : "not unit length";
    return unit;
  }

  /** Squared L2 distance of two vectors of the same dimension. */
  public static float squareDistance(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("vector dimensions differ: " + a.length + "!=" + b.length);
    }
    return VectorUtil.squareDistance(a, b);
  }

  /** Maps a squared L2 distance of unit vectors, in [0, 4], to a similarity in [0, 1]. */
  public static float similarity(float distance) {
    return Math.clamp(1 - distance / 4, 0f, 1f);
  }

  /**
   * SHA-256, in hex, of a vector's float32 little-endian bytes: the content hash of an embedding.
   */
  public static String contentHash(float[] vector) {
    ByteBuffer bytes =
        ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(vector);
    return Sha256.hex(bytes.array());
  }
}
