package dev.facesearch.models.openface;

import dev.facesearch.models.onnx.FloatTensor;
import dev.facesearch.models.openface.Torch7Reader.LuaTable;
import dev.facesearch.models.openface.Torch7Reader.Tensor;
import dev.facesearch.models.openface.Torch7Reader.TorchObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes the weights of nn4.small2.v1 out of OpenFace's Torch7 model, {@code nn4.small2.v1.t7}.
 *
 * <p>The file holds the {@code nn.Sequential} of {@code nn4.small2.def.lua}. Its module tree is
 * flattened depth-first through the containers ({@code nn.Sequential}, dpnn's {@code nn.Inception},
 * {@code nn.DepthConcat}), which gives the modules in the order of {@link OpenFaceLayers}: the
 * stem, then in each inception block the branches 3x3, 5x5, pool, 1x1. The walk then checks each
 * module against the table, class and hyperparameters (kernel, stride, padding, floor mode, LRN and
 * normalisation constants), and takes the weights. Torch class names are matched without their
 * package, so {@code cudnn.SpatialConvolution} passes as well as {@code nn.SpatialConvolutionMM}.
 *
 * <p>Two things need care. A {@code SpatialBatchNormalization} saved before nn's BN version 2
 * stores {@code running_std}, which is the inverse standard deviation; Torch itself turns it into
 * {@code running_var = running_std^-2 - eps} on load, and so does this reader. A {@code
 * SpatialLPPooling} is a Sequential whose children say what it computes (Square, an average or sum
 * pool, a constant factor, Sqrt); the reader works out that factor and requires the sum of squares,
 * which is what ONNX {@code LpPool} with p = 2 computes.
 */
public final class Torch7Weights {
  private static final Set<String> NO_OPS = Set.of("Reshape", "View", "Identity");

  private final List<TorchObject> modules;
  private int next;

  private Torch7Weights(List<TorchObject> modules) {
    this.modules = modules;
  }

  public static OpenFaceWeights read(Path file) throws IOException {
    Object root = Torch7Reader.read(Files.readAllBytes(file));
    try {
      return fromNet(root);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " is not OpenFace nn4.small2.v1: " + e.getMessage(), e);
    }
  }

  /** The weights of a network read by {@link Torch7Reader}. */
  static OpenFaceWeights fromNet(Object root) {
    List<TorchObject> leaves = new ArrayList<>();
    flatten(root, leaves);
    return new Torch7Weights(leaves).walk();
  }

  private static void flatten(Object node, List<TorchObject> out) {
    if (!(node instanceof TorchObject module)) {
      throw new IllegalArgumentException("expected an nn module, found " + node);
    }
    // SpatialLPPooling is a Sequential too, but one layer of the model.
    if (module.get("modules") instanceof LuaTable children
        && !module.simpleName().equals("SpatialLPPooling")) {
      for (Object child : children.list()) {
        flatten(child, out);
      }
    } else {
      out.add(module);
    }
  }

  private OpenFaceWeights walk() {
    Map<String, OpenFaceWeights.ConvBn> layers = new LinkedHashMap<>();
    List<OpenFaceLayers.Conv> stem = OpenFaceLayers.STEM;
    convBnRelu(stem.get(0), layers);
    maxPool(3, 2, OpenFaceLayers.STEM_POOL_PAD);
    lrn();
    convBnRelu(stem.get(1), layers);
    convBnRelu(stem.get(2), layers);
    lrn();
    maxPool(3, 2, OpenFaceLayers.STEM_POOL_PAD);
    for (OpenFaceLayers.Inception block : OpenFaceLayers.INCEPTIONS) {
      convBnRelu(block.threeByThree().reduce(), layers);
      convBnRelu(block.threeByThree().conv(), layers);
      if (block.fiveByFive() != null) {
        convBnRelu(block.fiveByFive().reduce(), layers);
        convBnRelu(block.fiveByFive().conv(), layers);
      }
      if (block.pool() == OpenFaceLayers.Pool.MAX) {
        maxPool(block.pool().kernel, block.pool().stride, 0);
      } else {
        l2Pool(block.pool());
      }
      if (block.poolProjection() != null) {
        convBnRelu(block.poolProjection(), layers);
      }
      if (block.oneByOne() != null) {
        convBnRelu(block.oneByOne(), layers);
      }
    }
    averagePool();
    TorchObject linear = take("Linear");
    FloatTensor denseWeight =
        tensor(linear, "weight", OpenFaceLayers.EMBEDDING_SIZE, OpenFaceLayers.FEATURES);
    FloatTensor denseBias = tensor(linear, "bias", OpenFaceLayers.EMBEDDING_SIZE);
    TorchObject normalize = take("Normalize");
    expect(normalize, "Normalize", "p", 2);
    expectClose(
        normalize, "eps", OpenFaceLayers.NORMALIZE_EPSILON, OpenFaceLayers.NORMALIZE_EPSILON);
    skipNoOps();
    if (next != modules.size()) {
      throw new IllegalArgumentException(
          "modules after the Normalize: " + modules.get(next).className());
    }
    return new OpenFaceWeights(layers, denseWeight, denseBias);
  }

  private void skipNoOps() {
    while (next < modules.size() && NO_OPS.contains(modules.get(next).simpleName())) {
      next++;
    }
  }

  /** The next module that changes values, which must be of one of these classes. */
  private TorchObject take(String... simpleNames) {
    skipNoOps();
    if (next == modules.size()) {
      throw new IllegalArgumentException("the network ends where a " + simpleNames[0] + " is due");
    }
    TorchObject module = modules.get(next);
    if (!List.of(simpleNames).contains(module.simpleName())) {
      throw new IllegalArgumentException(
          "module " + (next + 1) + " is " + module.className() + ", expected " + simpleNames[0]);
    }
    next++;
    return module;
  }

  private void convBnRelu(OpenFaceLayers.Conv spec, Map<String, OpenFaceWeights.ConvBn> out) {
    TorchObject conv = take("SpatialConvolutionMM", "SpatialConvolution");
    String where = spec.name() + " (" + conv.className() + ")";
    expect(conv, where, "nInputPlane", spec.in());
    expect(conv, where, "nOutputPlane", spec.out());
    expect(conv, where, "kW", spec.kernel());
    expect(conv, where, "kH", spec.kernel());
    expect(conv, where, "dW", spec.stride());
    expect(conv, where, "dH", spec.stride());
    if (conv.get("padW") != null || conv.get("padH") != null) {
      expect(conv, where, "padW", spec.pad());
      expect(conv, where, "padH", spec.pad());
    } else {
      // nn before padW/padH had one "padding" for both.
      expectOr(conv, where, "padding", spec.pad(), 0);
    }
    // SpatialConvolutionMM keeps its weight as [out, in * kh * kw], in (in, kh, kw) order.
    FloatTensor weight =
        tensor(conv, "weight", spec.out() * spec.in() * spec.kernel() * spec.kernel())
            .reshape(spec.out(), spec.in(), spec.kernel(), spec.kernel());
    FloatTensor bias = tensor(conv, "bias", spec.out());

    TorchObject bn = take("SpatialBatchNormalization");
    String bnWhere = spec.batchNorm() + " (" + bn.className() + ")";
    float epsilon = number(bn, bnWhere, "eps", OpenFaceLayers.BN_EPSILON);
    FloatTensor variance;
    if (bn.get("running_var") != null) {
      variance = tensor(bn, "running_var", spec.out());
    } else if (bn.version() < 2 && bn.get("running_std") != null) {
      // Before BN version 2, running_std held 1 / sqrt(var + eps); Torch converts it on load.
      float[] inverse = tensor(bn, "running_std", spec.out()).data();
      float[] var = new float[inverse.length];
      for (int i = 0; i < var.length; i++) {
        var[i] = (float) (1.0 / ((double) inverse[i] * inverse[i]) - epsilon);
      }
      variance = new FloatTensor(new int[] {var.length}, var);
    } else {
      throw new IllegalArgumentException(bnWhere + ": no running_var or running_std");
    }
    out.put(
        spec.name(),
        new OpenFaceWeights.ConvBn(
            weight,
            bias,
            tensor(bn, "weight", spec.out()),
            tensor(bn, "bias", spec.out()),
            tensor(bn, "running_mean", spec.out()),
            variance,
            epsilon));
    take("ReLU");
  }

  private void maxPool(int kernel, int stride, int pad) {
    TorchObject pool = take("SpatialMaxPooling");
    String where = "max pool " + next;
    expect(pool, where, "kW", kernel);
    expect(pool, where, "kH", kernel);
    expect(pool, where, "dW", stride);
    expect(pool, where, "dH", stride);
    expectOr(pool, where, "padW", pad, 0);
    expectOr(pool, where, "padH", pad, 0);
    if (Boolean.TRUE.equals(pool.get("ceil_mode"))) {
      throw new IllegalArgumentException(where + ": ceil mode; nn4.small2 pools in floor mode");
    }
  }

  private void lrn() {
    TorchObject lrn = take("SpatialCrossMapLRN");
    String where = "LRN " + next;
    expect(lrn, where, "size", OpenFaceLayers.LRN_SIZE);
    expectClose(lrn, "alpha", OpenFaceLayers.LRN_ALPHA, 1e-9);
    expectClose(lrn, "beta", OpenFaceLayers.LRN_BETA, 1e-7);
    expectClose(lrn, "k", OpenFaceLayers.LRN_K, 1e-7);
  }

  /**
   * Checks that a SpatialLPPooling computes {@code sqrt(sum of x^2)} over its windows, whatever nn
   * version built it: Square, then an average pool and a MulConstant(kW * kH) (nn since 2015), or a
   * pool that sums (SpatialAveragePooling saved without "divide", or a SpatialSubSampling with unit
   * weights and zero bias), then Sqrt.
   */
  private void l2Pool(OpenFaceLayers.Pool spec) {
    TorchObject lp = take("SpatialLPPooling");
    String where = "SpatialLPPooling " + next;
    List<String> steps = new ArrayList<>();
    double factor = 1;
    if (!(lp.get("modules") instanceof LuaTable children)) {
      throw new IllegalArgumentException(where + ": no modules");
    }
    for (Object child : children.list()) {
      TorchObject m = (TorchObject) child;
      switch (m.simpleName()) {
        case "Square" -> steps.add("square");
        case "Power" -> {
          double power = number(m, where, "pow", Float.NaN);
          steps.add(power == 2 ? "square" : power == 0.5 ? "sqrt" : "pow " + power);
        }
        case "Sqrt" -> {
          if (number(m, where, "eps", 0) != 0) {
            throw new IllegalArgumentException(where + ": Sqrt with eps " + m.get("eps"));
          }
          steps.add("sqrt");
        }
        case "SpatialAveragePooling", "SpatialSubSampling" -> {
          expect(m, where, "kW", spec.kernel);
          expect(m, where, "kH", spec.kernel);
          expect(m, where, "dW", spec.stride);
          expect(m, where, "dH", spec.stride);
          expectOr(m, where, "padW", 0, 0);
          expectOr(m, where, "padH", 0, 0);
          factor *= windowFactor(m, where, spec);
          steps.add("pool");
        }
        case "MulConstant" -> factor *= number(m, where, "constant_scalar", Float.NaN);
        default -> throw new IllegalArgumentException(where + ": unexpected " + m.className());
      }
    }
    if (!steps.equals(List.of("square", "pool", "sqrt")) || Math.abs(factor - 1) > 1e-6) {
      throw new IllegalArgumentException(
          where
              + " computes "
              + steps
              + " with a factor "
              + factor
              + " on the sum of squares; ONNX LpPool (p = 2) is sqrt(sum of squares)");
    }
  }

  /** What a pooling child of SpatialLPPooling multiplies the window's sum by. */
  private static double windowFactor(TorchObject pool, String where, OpenFaceLayers.Pool spec) {
    if (pool.simpleName().equals("SpatialSubSampling")) {
      float[] weight = ((Tensor) pool.get("weight")).toFloats();
      for (float b : ((Tensor) pool.get("bias")).toFloats()) {
        if (b != 0) {
          throw new IllegalArgumentException(where + ": SpatialSubSampling with a bias");
        }
      }
      for (float w : weight) {
        if (w != weight[0]) {
          throw new IllegalArgumentException(where + ": SpatialSubSampling with unequal weights");
        }
      }
      return weight.length == 0 ? 1 : weight[0];
    }
    // nn's SpatialAveragePooling divides unless saved before it had "divide" (then it sums).
    return Boolean.TRUE.equals(pool.get("divide")) ? 1.0 / (spec.kernel * spec.kernel) : 1.0;
  }

  private void averagePool() {
    TorchObject pool = take("SpatialAveragePooling");
    String where = "average pool " + next;
    expect(pool, where, "kW", 3);
    expect(pool, where, "kH", 3);
    expectOr(pool, where, "dW", 1, 1);
    expectOr(pool, where, "dH", 1, 1);
    expectOr(pool, where, "padW", 0, 0);
    expectOr(pool, where, "padH", 0, 0);
    if (Boolean.FALSE.equals(pool.get("divide")) || pool.get("divide") == null) {
      // An old SpatialAveragePooling that sums; the model's own is an average.
      throw new IllegalArgumentException(where + ": sums rather than averages");
    }
  }

  private static FloatTensor tensor(TorchObject module, String field, int... shape) {
    if (!(module.get(field) instanceof Tensor tensor)) {
      throw new IllegalArgumentException(module.className() + ": no tensor " + field);
    }
    float[] values = tensor.toFloats();
    if (values.length != FloatTensor.size(shape)) {
      throw new IllegalArgumentException(
          module.className()
              + "."
              + field
              + ": "
              + values.length
              + " values, expected "
              + FloatTensor.size(shape));
    }
    return new FloatTensor(shape, values);
  }

  private static float number(TorchObject module, String where, String field, float fallback) {
    Object value = module.get(field);
    if (value == null) {
      if (Float.isNaN(fallback)) {
        throw new IllegalArgumentException(where + ": no " + field);
      }
      return fallback;
    }
    if (!(value instanceof Double d)) {
      throw new IllegalArgumentException(where + ": " + field + " is " + value);
    }
    return d.floatValue();
  }

  private static void expect(TorchObject module, String where, String field, int value) {
    Object actual = module.get(field);
    if (!(actual instanceof Double d && d == (double) value)) {
      throw new IllegalArgumentException(
          where + ": " + field + " is " + actual + ", nn4.small2.v1 has " + value);
    }
  }

  /** Like {@link #expect}, but an absent field means {@code absent}, Torch's default for it. */
  private static void expectOr(
      TorchObject module, String where, String field, int value, int absent) {
    if (module.get(field) == null && absent == value) {
      return;
    }
    expect(module, where, field, value);
  }

  private static void expectClose(
      TorchObject module, String field, double value, double tolerance) {
    Object actual = module.get(field);
    if (!(actual instanceof Double d) || Math.abs(d - value) > tolerance) {
      throw new IllegalArgumentException(
          module.className() + ": " + field + " is " + actual + ", nn4.small2.v1 has " + value);
    }
  }
}
