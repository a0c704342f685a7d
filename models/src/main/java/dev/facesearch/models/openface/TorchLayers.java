package dev.facesearch.models.openface;

import dev.facesearch.models.onnx.Attribute;
import dev.facesearch.models.onnx.FloatTensor;
import dev.facesearch.models.onnx.GraphBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Torch7 nn layers as ONNX operators on NCHW values, each exactly equivalent to the Torch module.
 *
 * <p>The equivalences that need care:
 *
 * <ul>
 *   <li>{@code nn.SpatialCrossMapLRN(size, alpha, beta, k)} computes {@code x / (k + alpha / size *
 *       sum x^2)^beta} over the channels c - (size-1)/2 .. c + (size-1)/2 (clipped at the ends).
 *       ONNX {@code LRN} has the same formula with {@code bias} for k: it too divides alpha by
 *       size, and for an odd size its window (floor and ceil of (size-1)/2) is the same symmetric
 *       one. So alpha, beta and size pass unchanged and bias = k.
 *   <li>{@code nn.SpatialLPPooling(n, 2, k, k)} is Square, an average pool, MulConstant(k*k) and
 *       Sqrt: the square root of the sum of squares over each window, which is ONNX {@code LpPool}
 *       with p = 2 (no normalisation; {@link Torch7Weights} checks a model's pooling is that one).
 *   <li>{@code nn.DepthConcat} pads a smaller input with zeros, centred: {@code floor((max - size)
 *       / 2)} before and the rest after, then concatenates on channels.
 *   <li>{@code nn.SpatialMaxPooling} rounds its output size down and ignores padded cells, as ONNX
 *       {@code MaxPool} with explicit pads and {@code ceil_mode} 0 does.
 *   <li>{@code nn.Normalize(2)} divides by {@code sqrt(sum x^2 + eps)}; it is spelled out with
 *       {@code ReduceSumSquare} because ONNX {@code LpNormalization} has no epsilon.
 * </ul>
 */
public final class TorchLayers {
  /**
   * A square NCHW value in the graph, with the shape it is known to have while building.
   *
   * @param size height and width
   */
  public record Feature(String name, int channels, int size) {}

  private final GraphBuilder g;

  public TorchLayers(GraphBuilder graph) {
    this.g = graph;
  }

  /** {@code nn.SpatialConvolution(MM)} with square kernel, stride and padding. */
  public Feature conv(Feature x, FloatTensor weight, FloatTensor bias, int stride, int pad) {
    int kernel = weight.dim(2);
    if (weight.rank() != 4 || weight.dim(1) != x.channels() || weight.dim(3) != kernel) {
      throw new IllegalArgumentException("conv weight " + weight + " for " + x);
    }
    String y =
        g.op(
            "Conv",
            List.of(x.name(), g.weights("conv_w", weight), g.weights("conv_b", bias)),
            Attribute.ints("kernel_shape", kernel, kernel),
            Attribute.ints("strides", stride, stride),
            Attribute.ints("pads", pad, pad, pad, pad));
    return new Feature(y, weight.dim(0), (x.size() + 2 * pad - kernel) / stride + 1);
  }

  /** {@code nn.SpatialBatchNormalization} in evaluation mode (running statistics). */
  public Feature batchNorm(
      Feature x,
      FloatTensor gamma,
      FloatTensor beta,
      FloatTensor mean,
      FloatTensor variance,
      float epsilon) {
    String y =
        g.op(
            "BatchNormalization",
            List.of(
                x.name(),
                g.weights("bn_gamma", gamma),
                g.weights("bn_beta", beta),
                g.weights("bn_mean", mean),
                g.weights("bn_var", variance)),
            Attribute.f("epsilon", epsilon));
    return new Feature(y, x.channels(), x.size());
  }

  public Feature relu(Feature x) {
    return new Feature(g.op("Relu", List.of(x.name())), x.channels(), x.size());
  }

  /** {@code nn.SpatialMaxPooling(k, k, s, s, pad, pad)} in floor mode. */
  public Feature maxPool(Feature x, int kernel, int stride, int pad) {
    String y =
        g.op(
            "MaxPool",
            List.of(x.name()),
            Attribute.ints("kernel_shape", kernel, kernel),
            Attribute.ints("strides", stride, stride),
            Attribute.ints("pads", pad, pad, pad, pad),
            Attribute.i("ceil_mode", 0));
    return new Feature(y, x.channels(), (x.size() + 2 * pad - kernel) / stride + 1);
  }

  /** {@code nn.SpatialCrossMapLRN(size, alpha, beta, k)}: the same numbers as ONNX LRN. */
  public Feature crossMapLrn(Feature x, int size, float alpha, float beta, float k) {
    if (size % 2 == 0) {
      // For an even size, Torch's window and ONNX's are not the same.
      throw new IllegalArgumentException("LRN size must be odd: " + size);
    }
    String y =
        g.op(
            "LRN",
            List.of(x.name()),
            Attribute.i("size", size),
            Attribute.f("alpha", alpha),
            Attribute.f("beta", beta),
            Attribute.f("bias", k));
    return new Feature(y, x.channels(), x.size());
  }

  /** {@code nn.SpatialLPPooling(n, 2, k, k, s, s)}: sqrt of the sum of squares per window. */
  public Feature l2Pool(Feature x, int kernel, int stride) {
    String y =
        g.op(
            "LpPool",
            List.of(x.name()),
            Attribute.i("p", 2),
            Attribute.ints("kernel_shape", kernel, kernel),
            Attribute.ints("strides", stride, stride));
    return new Feature(y, x.channels(), (x.size() - kernel) / stride + 1);
  }

  /** {@code nn.SpatialAveragePooling(k, k)}: stride 1, no padding. */
  public Feature averagePool(Feature x, int kernel) {
    String y =
        g.op(
            "AveragePool",
            List.of(x.name()),
            Attribute.ints("kernel_shape", kernel, kernel),
            Attribute.ints("strides", 1, 1));
    return new Feature(y, x.channels(), x.size() - kernel + 1);
  }

  /**
   * {@code nn.DepthConcat(2)}: concatenates on channels, each input zero-padded to the largest
   * spatial size with {@code floor((max - size) / 2)} rows and columns before it.
   */
  public Feature depthConcat(List<Feature> inputs) {
    int size = inputs.stream().mapToInt(Feature::size).max().orElseThrow();
    List<String> padded = new ArrayList<>();
    int channels = 0;
    for (Feature input : inputs) {
      padded.add(centre(input, size).name());
      channels += input.channels();
    }
    return new Feature(g.op("Concat", padded, Attribute.i("axis", 1)), channels, size);
  }

  /** Zero-pads a value to {@code size}, centred as DepthConcat does. */
  public Feature centre(Feature x, int size) {
    int extra = size - x.size();
    if (extra < 0) {
      throw new IllegalArgumentException(x + " is larger than " + size);
    }
    if (extra == 0) {
      return x;
    }
    int before = extra / 2;
    int after = extra - before;
    String y =
        g.op("Pad", List.of(x.name(), g.int64s("pads", 0, 0, before, before, 0, 0, after, after)));
    return new Feature(y, x.channels(), size);
  }

  /** {@code nn.View(n)} after a pool down to 1x1: [batch, C, 1, 1] to [batch, C]. */
  public String flatten(Feature x) {
    if (x.size() != 1) {
      throw new IllegalArgumentException("flatten expects 1x1, got " + x);
    }
    return g.op("Flatten", List.of(x.name()), Attribute.i("axis", 1));
  }

  /** {@code nn.Linear}: weight [out, in], so y = x W^T + b. */
  public String linear(String x, FloatTensor weight, FloatTensor bias) {
    return g.op(
        "Gemm",
        List.of(x, g.weights("linear_w", weight), g.weights("linear_b", bias)),
        Attribute.i("transB", 1));
  }

  /** {@code nn.Normalize(2, eps)} on [batch, n]: x / sqrt(sum x^2 + eps). */
  public String normalize(String x, float epsilon) {
    String sumSquares =
        g.op("ReduceSumSquare", List.of(x), Attribute.ints("axes", 1), Attribute.i("keepdims", 1));
    String norm = g.op("Sqrt", List.of(g.op("Add", List.of(sumSquares, g.scalar("eps", epsilon)))));
    return g.op("Div", List.of(x, norm));
  }
}
