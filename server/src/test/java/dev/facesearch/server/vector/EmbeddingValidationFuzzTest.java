package dev.facesearch.server.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.facesearch.server.core.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Fuzzes the check every embedding of Enroll, Identify and Verify goes through: bytes are read as
 * little-endian float32 values, and {@link Vectors#toUnitLength} must accept exactly the vectors of
 * the collection's dimension whose values are all finite and not all zero, and return a finite unit
 * vector pointing the same way; everything else is an {@link InvalidInputException}.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays {@code EmbeddingValidationFuzzTestInputs}: a seeded
 * random unit vector, it scaled by 1e30, a lone subnormal, zeros, a NaN, an infinity and 127
 * values, as float32 little-endian bytes. The build's {@code fuzz} execution fuzzes it.
 */
class EmbeddingValidationFuzzTest {
  private static final int DIMENSION = 128;

  @FuzzTest(maxDuration = "25s")
  void toUnitLength(byte[] data) {
    float[] values = new float[data.length / Float.BYTES];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);

    boolean finite = true;
    boolean nonZero = false;
    for (float v : values) {
      finite &= Float.isFinite(v);
      nonZero |= v != 0;
    }
    boolean valid = values.length == DIMENSION && finite && nonZero;

    float[] unit;
    try {
      unit = Vectors.toUnitLength(values, DIMENSION);
    } catch (InvalidInputException e) {
      assertFalse(valid, "a valid embedding was refused: " + e.getMessage());
      return;
    }
    assertTrue(valid, "an invalid embedding was accepted");
    assertEquals(DIMENSION, unit.length);
    double norm = 0;
    for (int i = 0; i < DIMENSION; i++) {
      assertTrue(Float.isFinite(unit[i]), "value " + i + " is " + unit[i]);
      // Scaling keeps each value's sign; a value tiny next to the others may round to zero.
      assertTrue(unit[i] == 0 || Math.signum(unit[i]) == Math.signum(values[i]), "sign of " + i);
      norm += (double) unit[i] * unit[i];
    }
    assertEquals(1, norm, 1e-4, "unit length");
  }
}
