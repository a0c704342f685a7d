package dev.facesearch.models.onnx;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense float tensor in row-major order: weights on their way into an ONNX graph.
 *
 * @param shape the dimensions
 * @param data the values, {@code product(shape)} of them
 */
public record FloatTensor(int[] shape, float[] data) {
  public FloatTensor {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(data, "data");
    if (size(shape) != data.length) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " needs "
              + size(shape)
              + " values, got "
              + data.length);
    }
  }

  /** Number of values a tensor of this shape holds. */
  public static long size(int[] shape) {
    long size = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      size *= d;
    }
    return size;
  }

  public int rank() {
    return shape.length;
  }

  public int dim(int axis) {
    return shape[axis];
  }

  /** The same values under another shape of the same size. */
  public FloatTensor reshape(int... newShape) {
    return new FloatTensor(newShape.clone(), data);
  }

  /** The tensor with its axes permuted: output axis i is input axis {@code perm[i]}. */
  public FloatTensor transpose(int... perm) {
    if (perm.length != shape.length) {
      throw new IllegalArgumentException(
          "permutation " + Arrays.toString(perm) + " for rank " + shape.length);
    }
    int rank = shape.length;
    int[] outShape = new int[rank];
    for (int i = 0; i < rank; i++) {
      outShape[i] = shape[perm[i]];
    }
    int[] inStrides = strides(shape);
    int[] outIndex = new int[rank];
    float[] out = new float[data.length];
    for (int flat = 0; flat < out.length; flat++) {
      int source = 0;
      for (int i = 0; i < rank; i++) {
        source += outIndex[i] * inStrides[perm[i]];
      }
      out[flat] = data[source];
      for (int i = rank - 1; i >= 0; i--) {
        if (++outIndex[i] < outShape[i]) {
          break;
        }
        outIndex[i] = 0;
      }
    }
    return new FloatTensor(outShape, out);
  }

  private static int[] strides(int[] shape) {
    int[] strides = new int[shape.length];
    int stride = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = stride;
      stride *= shape[i];
    }
    return strides;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatTensor t
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "FloatTensor" + Arrays.toString(shape);
  }
}
