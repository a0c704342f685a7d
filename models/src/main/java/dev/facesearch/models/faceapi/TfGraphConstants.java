package dev.facesearch.models.faceapi;

import dev.facesearch.models.onnx.FloatTensor;
import dev.facesearch.models.tfjs.TfjsWeights;
import java.util.Arrays;

/**
 * Constants of the original TF graph that a TF.js export kept as weights (shapes, axes, slice
 * bounds, preprocessing factors), which face-api does not read but hard-codes.
 *
 * <p>A converter hard-codes them too, and checks here that each one says what the converter
 * assumes: that is how such a weight is "used", and a model whose constants differ is refused
 * rather than converted wrongly.
 */
final class TfGraphConstants {
  private final TfjsWeights weights;

  TfGraphConstants(TfjsWeights weights) {
    this.weights = weights;
  }

  /** Checks that a constant holds exactly these values (integers, or floats stored exactly). */
  void expect(String name, float... expected) {
    FloatTensor actual = weights.get(name);
    if (!Arrays.equals(actual.data(), expected)) {
      throw mismatch(name, actual, expected);
    }
  }

  /** Checks a float constant to within its uint8 quantisation, one part in a million. */
  void expectNear(String name, float expected) {
    FloatTensor actual = weights.get(name);
    if (actual.data().length != 1 || Math.abs(actual.data()[0] - expected) > 1e-6f * expected) {
      throw mismatch(name, actual, expected);
    }
  }

  private static IllegalStateException mismatch(
      String name, FloatTensor actual, float... expected) {
    return new IllegalStateException(
        "graph constant "
            + name
            + " is "
            + Arrays.toString(actual.data())
            + ", the converter assumes "
            + Arrays.toString(expected));
  }
}
