package dev.facesearch.models.openface;

import dev.facesearch.models.onnx.FloatTensor;
import dev.facesearch.models.openface.Torch7Writer.Obj;
import dev.facesearch.models.openface.Torch7Writer.T7Storage;
import dev.facesearch.models.openface.Torch7Writer.T7Tensor;
import dev.facesearch.models.openface.Torch7Writer.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the module tree of nn4.small2.v1 as OpenFace's {@code nn4.small2.def.lua} makes it (nn and
 * dpnn classes, their fields), with given weights, and serialises it as a {@code .t7} file.
 *
 * <p>The tree exercises what a real file has: nested containers (Sequential, Inception holding a
 * DepthConcat that it also references as a field), objects written more than once (one shared empty
 * buffer tensor), SpatialConvolutionMM's 2-D weight, a non-contiguous Linear weight (a transposed
 * view) and a bias at an offset into a larger storage.
 */
final class OpenFaceT7Writer {
  /**
   * How to write the parts that differ between nn versions.
   *
   * @param oldBatchNorm write batch norms as before nn's BN version 2: {@code running_std}, the
   *     inverse standard deviation, instead of {@code running_var}
   * @param lpPoolingFactor what SpatialLPPooling's MulConstant multiplies by; 9 is nn's own (sum of
   *     squares), 0 leaves the MulConstant out (the mean of squares)
   */
  record Options(boolean oldBatchNorm, double lpPoolingFactor) {
    static final Options CURRENT = new Options(false, 9);
  }

  private final OpenFaceWeights weights;
  private final Options options;
  private final T7Tensor empty = T7Tensor.empty();

  private OpenFaceT7Writer(OpenFaceWeights weights, Options options) {
    this.weights = weights;
    this.options = options;
  }

  static byte[] write(OpenFaceWeights weights, Options options) {
    return Torch7Writer.write(new OpenFaceT7Writer(weights, options).net());
  }

  private Obj net() {
    List<Object> net = new ArrayList<>();
    List<OpenFaceLayers.Conv> stem = OpenFaceLayers.STEM;
    convBnRelu(net, stem.get(0));
    net.add(maxPool(3, 2, 1));
    net.add(lrn());
    convBnRelu(net, stem.get(1));
    convBnRelu(net, stem.get(2));
    net.add(lrn());
    net.add(maxPool(3, 2, 1));
    for (OpenFaceLayers.Inception block : OpenFaceLayers.INCEPTIONS) {
      net.add(inception(block));
      if (block.name().equals("5a")) {
        net.add(module("nn.Reshape").set("nelement", 736 * 9));
      }
    }
    net.add(averagePool(3, 1, true));
    net.add(module("nn.Reshape").set("nelement", 736));
    net.add(module("nn.View").set("numElements", 736));
    net.add(linear());
    net.add(module("nn.Normalize").set("p", 2).set("eps", 1e-10));
    return sequential(net);
  }

  private Obj module(String className) {
    return new Obj(className, 0).set("output", empty).set("gradInput", empty).set("train", false);
  }

  private Obj sequential(List<Object> modules) {
    return module("nn.Sequential").set("modules", Table.list(modules.toArray()));
  }

  private Obj inception(OpenFaceLayers.Inception block) {
    List<Object> branches = new ArrayList<>();
    branches.add(branch(block.threeByThree()));
    if (block.fiveByFive() != null) {
      branches.add(branch(block.fiveByFive()));
    }
    List<Object> pool = new ArrayList<>();
    pool.add(
        block.pool() == OpenFaceLayers.Pool.MAX
            ? maxPool(block.pool().kernel, block.pool().stride, 0)
            : lpPooling(block));
    if (block.poolProjection() != null) {
      convBnRelu(pool, block.poolProjection());
    }
    branches.add(sequential(pool));
    if (block.oneByOne() != null) {
      List<Object> one = new ArrayList<>();
      convBnRelu(one, block.oneByOne());
      branches.add(sequential(one));
    }
    Obj depthConcat =
        module("nn.DepthConcat").set("dimension", 2).set("modules", Table.list(branches.toArray()));
    // dpnn's Inception keeps its DepthConcat both as its only module and as a field.
    return module("nn.Inception")
        .set("modules", Table.list(depthConcat))
        .set("depthConcat", depthConcat)
        .set("inputSize", block.in())
        .set("batchNorm", true)
        .set("transfer", module("nn.ReLU").set("threshold", 0).set("val", 0));
  }

  private Obj branch(OpenFaceLayers.Branch branch) {
    List<Object> modules = new ArrayList<>();
    convBnRelu(modules, branch.reduce());
    convBnRelu(modules, branch.conv());
    return sequential(modules);
  }

  private void convBnRelu(List<Object> modules, OpenFaceLayers.Conv conv) {
    OpenFaceWeights.ConvBn w = weights.layer(conv);
    int k = conv.kernel();
    modules.add(
        module("nn.SpatialConvolutionMM")
            .set("nInputPlane", conv.in())
            .set("nOutputPlane", conv.out())
            .set("kW", k)
            .set("kH", k)
            .set("dW", conv.stride())
            .set("dH", conv.stride())
            .set("padW", conv.pad())
            .set("padH", conv.pad())
            .set("weight", T7Tensor.of(w.weight().data(), conv.out(), (long) conv.in() * k * k))
            .set("bias", vector(w.bias()))
            .set("finput", empty)
            .set("fgradInput", empty));
    Obj bn =
        new Obj("nn.SpatialBatchNormalization", options.oldBatchNorm() ? 1 : 2)
            .set("output", empty)
            .set("gradInput", empty)
            .set("train", false)
            .set("eps", (double) w.epsilon())
            .set("momentum", 0.1)
            .set("affine", true)
            .set("weight", vector(w.gamma()))
            .set("bias", vector(w.beta()))
            .set("running_mean", vector(w.mean()));
    if (options.oldBatchNorm()) {
      float[] inverse = new float[w.variance().data().length];
      for (int i = 0; i < inverse.length; i++) {
        inverse[i] = (float) (1 / Math.sqrt(w.variance().data()[i] + (double) w.epsilon()));
      }
      bn.set("running_std", T7Tensor.of(inverse, inverse.length));
    } else {
      bn.set("running_var", vector(w.variance()));
    }
    modules.add(bn);
    modules.add(module("nn.ReLU").set("threshold", 0).set("val", 0).set("inplace", false));
  }

  private Obj maxPool(int kernel, int stride, int pad) {
    return module("nn.SpatialMaxPooling")
        .set("kW", kernel)
        .set("kH", kernel)
        .set("dW", stride)
        .set("dH", stride)
        .set("padW", pad)
        .set("padH", pad)
        .set("ceil_mode", false)
        .set("indices", empty);
  }

  private Obj averagePool(int kernel, int stride, boolean divide) {
    return module("nn.SpatialAveragePooling")
        .set("kW", kernel)
        .set("kH", kernel)
        .set("dW", stride)
        .set("dH", stride)
        .set("padW", 0)
        .set("padH", 0)
        .set("ceil_mode", false)
        .set("count_include_pad", true)
        .set("divide", divide);
  }

  private Obj lrn() {
    return module("nn.SpatialCrossMapLRN")
        .set("size", 5)
        .set("alpha", 0.0001)
        .set("beta", 0.75)
        .set("k", 1)
        .set("scale", empty);
  }

  private Obj lpPooling(OpenFaceLayers.Inception block) {
    int k = block.pool().kernel;
    int d = block.pool().stride;
    List<Object> children = new ArrayList<>();
    children.add(module("nn.Square"));
    children.add(averagePool(k, d, true));
    if (options.lpPoolingFactor() != 0) {
      children.add(module("nn.MulConstant").set("constant_scalar", options.lpPoolingFactor()));
    }
    children.add(module("nn.Sqrt").set("eps", 0));
    return module("nn.SpatialLPPooling")
        .set("modules", Table.list(children.toArray()))
        .set("kW", k)
        .set("kH", k)
        .set("dW", d)
        .set("dH", d);
  }

  /** nn.Linear; its weight stored transposed (strides 1, 128), its bias at offset 3. */
  private Obj linear() {
    FloatTensor w = weights.denseWeight();
    int out = w.dim(0);
    int in = w.dim(1);
    float[] transposed = w.transpose(1, 0).data();
    float[] bias = weights.denseBias().data();
    float[] padded = new float[bias.length + 5];
    System.arraycopy(bias, 0, padded, 3, bias.length);
    return module("nn.Linear")
        .set(
            "weight",
            new T7Tensor(new long[] {out, in}, new long[] {1, out}, 0, new T7Storage(transposed)))
        .set(
            "bias",
            new T7Tensor(new long[] {bias.length}, new long[] {1}, 3, new T7Storage(padded)));
  }

  private static T7Tensor vector(FloatTensor t) {
    return T7Tensor.of(t.data(), t.data().length);
  }
}
