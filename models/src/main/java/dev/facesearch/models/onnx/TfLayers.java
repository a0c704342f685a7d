package dev.facesearch.models.onnx;

import java.util.List;

/**
 * TensorFlow(.js) layers as ONNX operators, on NCHW values.
 *
 * <p>The conversions that need care are here, once: TF stores conv filters as [kh, kw, in, out] and
 * ONNX wants [out, in, kh, kw]; TF depthwise filters are [kh, kw, in, multiplier], which become a
 * grouped ONNX Conv with weights [in * multiplier, 1, kh, kw]; and TF 'same' padding, which puts
 * the odd pixel at the end, is ONNX {@code auto_pad = SAME_UPPER}.
 */
public final class TfLayers {
  /** TF padding modes. */
  public enum Padding {
    SAME,
    VALID
  }

  private final GraphBuilder g;

  public TfLayers(GraphBuilder graph) {
    this.g = graph;
  }

  public GraphBuilder graph() {
    return g;
  }

  /** An NHWC image batch as NCHW, the layout of every layer below. */
  public String nhwcToNchw(String x) {
    return g.op("Transpose", List.of(x), Attribute.ints("perm", 0, 3, 1, 2));
  }

  /** {@code tf.conv2d} with a [kh, kw, in, out] filter, and a bias if not null. */
  public String conv2d(
      String x, FloatTensor filter, FloatTensor bias, int stride, Padding padding) {
    check(filter, 4, "conv filter");
    String w = g.weights("conv_w", filter.transpose(3, 2, 0, 1));
    List<String> inputs = bias == null ? List.of(x, w) : List.of(x, w, g.weights("conv_b", bias));
    return g.op(
        "Conv",
        inputs,
        Attribute.ints("kernel_shape", filter.dim(0), filter.dim(1)),
        Attribute.ints("strides", stride, stride),
        autoPad(padding));
  }

  /** {@code tf.depthwiseConv2d} with a [kh, kw, in, multiplier] filter. */
  public String depthwiseConv2d(String x, FloatTensor filter, int stride, Padding padding) {
    check(filter, 4, "depthwise filter");
    int in = filter.dim(2);
    int multiplier = filter.dim(3);
    FloatTensor w =
        filter.transpose(2, 3, 0, 1).reshape(in * multiplier, 1, filter.dim(0), filter.dim(1));
    return g.op(
        "Conv",
        List.of(x, g.weights("dw_w", w)),
        Attribute.i("group", in),
        Attribute.ints("kernel_shape", filter.dim(0), filter.dim(1)),
        Attribute.ints("strides", stride, stride),
        autoPad(padding));
  }

  /** {@code tf.separableConv2d} (depthwise, then a 1x1 pointwise conv) plus a bias. */
  public String separableConv2d(
      String x,
      FloatTensor depthwise,
      FloatTensor pointwise,
      FloatTensor bias,
      int stride,
      Padding padding) {
    return conv2d(
        depthwiseConv2d(x, depthwise, stride, padding), pointwise, bias, 1, Padding.VALID);
  }

  /** {@code tf.batchNorm} per channel. */
  public String batchNorm(
      String x,
      FloatTensor mean,
      FloatTensor variance,
      FloatTensor offset,
      FloatTensor scale,
      float epsilon) {
    return g.op(
        "BatchNormalization",
        List.of(
            x,
            g.weights("bn_scale", scale),
            g.weights("bn_offset", offset),
            g.weights("bn_mean", mean),
            g.weights("bn_var", variance)),
        Attribute.f("epsilon", epsilon));
  }

  /** Adds a per-channel vector of length C to an NCHW value. */
  public String addChannels(String x, FloatTensor perChannel) {
    return g.op(
        "Add",
        List.of(x, g.weights("add_c", perChannel.reshape(1, perChannel.data().length, 1, 1))));
  }

  /** Multiplies an NCHW value by a per-channel vector of length C. */
  public String mulChannels(String x, FloatTensor perChannel) {
    return g.op(
        "Mul",
        List.of(x, g.weights("mul_c", perChannel.reshape(1, perChannel.data().length, 1, 1))));
  }

  public String relu(String x) {
    return g.op("Relu", List.of(x));
  }

  public String leakyRelu(String x, float alpha) {
    return g.op("LeakyRelu", List.of(x), Attribute.f("alpha", alpha));
  }

  /** {@code tf.clipByValue}. */
  public String clip(String x, float min, float max) {
    return g.op("Clip", List.of(x, g.scalar("clip_min", min), g.scalar("clip_max", max)));
  }

  public String maxPool(String x, int kernel, int stride, Padding padding) {
    return g.op(
        "MaxPool",
        List.of(x),
        Attribute.ints("kernel_shape", kernel, kernel),
        Attribute.ints("strides", stride, stride),
        autoPad(padding));
  }

  /** {@code tf.avgPool}: with 'same' padding, padded cells are not counted, as in TF. */
  public String avgPool(String x, int kernel, int stride, Padding padding) {
    return g.op(
        "AveragePool",
        List.of(x),
        Attribute.ints("kernel_shape", kernel, kernel),
        Attribute.ints("strides", stride, stride),
        autoPad(padding));
  }

  public String add(String a, String b) {
    return g.op("Add", List.of(a, b));
  }

  public String sub(String a, String b) {
    return g.op("Sub", List.of(a, b));
  }

  public String mul(String a, String b) {
    return g.op("Mul", List.of(a, b));
  }

  public String div(String a, String b) {
    return g.op("Div", List.of(a, b));
  }

  /** Reshape to a fixed shape (-1 and 0 keep their ONNX meanings). */
  public String reshape(String x, long... shape) {
    return g.op("Reshape", List.of(x, g.int64s("shape", shape)));
  }

  private static Attribute autoPad(Padding padding) {
    return Attribute.s("auto_pad", padding == Padding.SAME ? "SAME_UPPER" : "VALID");
  }

  private static void check(FloatTensor t, int rank, String what) {
    if (t.rank() != rank) {
      throw new IllegalArgumentException(what + " must have rank " + rank + ", got " + t);
    }
  }
}
