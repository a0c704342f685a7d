package dev.facesearch.models.openface;

import java.util.ArrayList;
import java.util.List;

/**
 * The layer table of OpenFace nn4.small2.v1, in one place: every convolution with its channels,
 * kernel, stride and padding, the inception blocks, and the constants of the other layers.
 *
 * <p>Facts from OpenFace's {@code models/openface/nn4.small2.def.lua} (dpnn's {@code nn.Inception}
 * with {@code batchNorm = true}: every convolution is followed by batch norm and ReLU; the second
 * convolution of a branch is padded by {@code floor(k / 2)}). Names are those of the Keras-OpenFace
 * CSV export ({@code conv1}, {@code bn1}, {@code inception_3a_3x3_conv1}, ...), which also serve as
 * the keys of {@link OpenFaceWeights}.
 */
public final class OpenFaceLayers {
  /** Input height and width. */
  public static final int INPUT_SIZE = 96;

  /** Channels after the last inception block, the input of the linear layer. */
  public static final int FEATURES = 736;

  public static final int EMBEDDING_SIZE = 128;

  /**
   * What {@code net:getParameters()} counts: conv weights and biases, BN gamma and beta, linear.
   */
  public static final long PARAMETERS = 3_733_968;

  /** {@code nn.SpatialCrossMapLRN(5, 0.0001, 0.75)} with its default k = 1. */
  public static final int LRN_SIZE = 5;

  public static final float LRN_ALPHA = 1e-4f;
  public static final float LRN_BETA = 0.75f;
  public static final float LRN_K = 1f;

  /** {@code nn.SpatialBatchNormalization}'s default epsilon. */
  public static final float BN_EPSILON = 1e-5f;

  /** {@code nn.Normalize(2)}'s default epsilon, added to the sum of squares. */
  public static final float NORMALIZE_EPSILON = 1e-10f;

  /** The stem's max pools: 3x3, stride 2, padding 1. */
  public static final int STEM_POOL_PAD = 1;

  /** The pool branch of an inception block. */
  public enum Pool {
    /** {@code nn.SpatialMaxPooling(3, 3, 2, 2)}: no padding, floor mode. */
    MAX(3, 2),
    /** {@code nn.SpatialLPPooling(n, 2, 3, 3)}: sqrt of the sum of squares over 3x3, stride 3. */
    L2(3, 3);

    public final int kernel;
    public final int stride;

    Pool(int kernel, int stride) {
      this.kernel = kernel;
      this.stride = stride;
    }
  }

  /**
   * A convolution, always followed by batch norm and ReLU.
   *
   * @param name the conv's name, e.g. {@code inception_3a_3x3_conv1}
   * @param batchNorm its batch norm's name, e.g. {@code inception_3a_3x3_bn1}
   */
  public record Conv(
      String name, String batchNorm, int in, int out, int kernel, int stride, int pad) {

    /** Weights and biases of the conv, gamma and beta of the batch norm. */
    public long parameters() {
      return (long) out * in * kernel * kernel + 3L * out;
    }
  }

  /** A 1x1 reduction followed by a k x k convolution. */
  public record Branch(Conv reduce, Conv conv) {}

  /**
   * An inception block. Its output is the depth concatenation, in this order, of the 3x3 branch,
   * the 5x5 branch (if any), the pool branch (the pool, then the projection if any) and the 1x1
   * branch (if any), each zero-padded, centred, to the largest spatial size.
   *
   * @param fiveByFive null in 5a and 5b
   * @param poolProjection null in 3c and 4e: the pooled input itself is concatenated
   * @param oneByOne null in 3c and 4e
   */
  public record Inception(
      String name,
      int in,
      Branch threeByThree,
      Branch fiveByFive,
      Pool pool,
      Conv poolProjection,
      Conv oneByOne) {

    /** The convolutions in module order: 3x3 branch, 5x5 branch, pool projection, 1x1. */
    public List<Conv> convs() {
      List<Conv> convs = new ArrayList<>();
      convs.add(threeByThree.reduce());
      convs.add(threeByThree.conv());
      if (fiveByFive != null) {
        convs.add(fiveByFive.reduce());
        convs.add(fiveByFive.conv());
      }
      if (poolProjection != null) {
        convs.add(poolProjection);
      }
      if (oneByOne != null) {
        convs.add(oneByOne);
      }
      return convs;
    }

    /** Channels of the concatenated output. */
    public int out() {
      return threeByThree.conv().out()
          + (fiveByFive == null ? 0 : fiveByFive.conv().out())
          + (poolProjection == null ? in : poolProjection.out())
          + (oneByOne == null ? 0 : oneByOne.out());
    }
  }

  /** conv 7x7/2 (3 -> 64), then (after a max pool and LRN) conv 1x1 and conv 3x3 (64 -> 192). */
  public static final List<Conv> STEM =
      List.of(
          new Conv("conv1", "bn1", 3, 64, 7, 2, 3),
          new Conv("conv2", "bn2", 64, 64, 1, 1, 0),
          new Conv("conv3", "bn3", 64, 192, 3, 1, 1));

  public static final List<Inception> INCEPTIONS =
      List.of(
          inception("3a", 192, 96, 128, 16, 32, 1, Pool.MAX, 32, 64),
          inception("3b", 256, 96, 128, 32, 64, 1, Pool.L2, 64, 64),
          inception("3c", 320, 128, 256, 32, 64, 2, Pool.MAX, 0, 0),
          inception("4a", 640, 96, 192, 32, 64, 1, Pool.L2, 128, 256),
          inception("4e", 640, 160, 256, 64, 128, 2, Pool.MAX, 0, 0),
          inception("5a", 1024, 96, 384, 0, 0, 1, Pool.L2, 96, 256),
          inception("5b", 736, 96, 384, 0, 0, 1, Pool.MAX, 96, 256));

  /** Spatial size of each inception block's output, for checking the graph as it is built. */
  public static final List<Integer> INCEPTION_SIZES = List.of(12, 12, 6, 6, 3, 3, 3);

  private OpenFaceLayers() {}

  /**
   * One block of the table; a size of 0 means the branch or projection is absent.
   *
   * @param stride the stride of the 3x3 and 5x5 convolutions (not of the 1x1 reductions)
   */
  private static Inception inception(
      String id,
      int in,
      int reduce3,
      int out3,
      int reduce5,
      int out5,
      int stride,
      Pool pool,
      int poolProjection,
      int oneByOne) {
    String p = "inception_" + id + "_";
    Branch three =
        new Branch(
            new Conv(p + "3x3_conv1", p + "3x3_bn1", in, reduce3, 1, 1, 0),
            new Conv(p + "3x3_conv2", p + "3x3_bn2", reduce3, out3, 3, stride, 1));
    Branch five =
        reduce5 == 0
            ? null
            : new Branch(
                new Conv(p + "5x5_conv1", p + "5x5_bn1", in, reduce5, 1, 1, 0),
                new Conv(p + "5x5_conv2", p + "5x5_bn2", reduce5, out5, 5, stride, 2));
    Conv projection =
        poolProjection == 0
            ? null
            : new Conv(p + "pool_conv", p + "pool_bn", in, poolProjection, 1, 1, 0);
    Conv one = oneByOne == 0 ? null : new Conv(p + "1x1_conv", p + "1x1_bn", in, oneByOne, 1, 1, 0);
    return new Inception(id, in, three, five, pool, projection, one);
  }

  /** Every convolution of the network, in the order of the Torch module tree. */
  public static List<Conv> convs() {
    List<Conv> convs = new ArrayList<>(STEM);
    for (Inception block : INCEPTIONS) {
      convs.addAll(block.convs());
    }
    return convs;
  }

  /** The parameter count the table implies; {@link #PARAMETERS} by construction of the model. */
  public static long parameters() {
    long total = (long) FEATURES * EMBEDDING_SIZE + EMBEDDING_SIZE;
    for (Conv conv : convs()) {
      total += conv.parameters();
    }
    return total;
  }
}
