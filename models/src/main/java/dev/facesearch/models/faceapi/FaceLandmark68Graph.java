package dev.facesearch.models.faceapi;

import dev.facesearch.models.BuiltModel;
import dev.facesearch.models.ModelCard;
import dev.facesearch.models.onnx.GraphBuilder;
import dev.facesearch.models.onnx.TfLayers;
import dev.facesearch.models.onnx.TfLayers.Padding;
import dev.facesearch.models.tfjs.TfjsWeights;
import java.util.List;
import java.util.Map;

/**
 * face-api's 68-point landmark nets, FaceLandmark68Net and FaceLandmark68TinyNet: a 112x112 RGB
 * face crop to 68 (x, y) points relative to the crop.
 *
 * <p>Architecture (face-api {@code faceLandmarkNet/}, {@code faceFeatureExtractor/}, {@code
 * faceProcessor/}): dense blocks at 32, 64, 128 (and, in the full net, 256) channels, each halving
 * the size with 'same' padding (112, 56, 28, 14, 7). A block's first conv is a plain 3x3/2 conv +
 * bias in the first block and a depthwise separable conv (3x3 depthwise, 1x1 pointwise, bias)
 * elsewhere; it is followed by ReLU. The later convs are stride-1 separable convs, each fed the
 * ReLU of the sum of all the block's earlier outputs, and the block returns the ReLU of the sum of
 * all its outputs. The full net has four convs per block and ends with a 7x7/2 average pool; the
 * tiny net has three and ends with a 14x14/2 pool. Both pools cover the whole map, leaving 256
 * (128) features, then one fully connected layer to 136 values.
 *
 * <p>Preprocessing baked into the graph, the same for both nets: subtract the mean RGB (122.782,
 * 117.001, 104.298), divide by 255.
 *
 * <p>What face-api does before the net (its tensor path, {@code extractFaceTensors} and {@code
 * NetInput.toBatchTensor(112, true)}), which the caller must reproduce: crop the detector's box,
 * clipped to the image and with x, y, width and height floored; pad the shorter side with zeros
 * (black) to a square of side S = max(width, height), putting floor(d / 2) rows or columns before
 * and the other ceil(d / 2) after, where d = |width - height|; if S is not 112, resize with TF's
 * legacy bilinear (no corner alignment, no half-pixel centres: output pixel i samples input i * S /
 * 112). face-api maps the output back with the symmetric padding d / 2, so a point in the crop is x
 * = out_x * S - (S - width) / 2, y = out_y * S - (S - height) / 2, plus the box's corner.
 *
 * <p>The face should fill the crop as a detector's box does: on a crop where it fills only half,
 * the full net's points collapse towards the centre (the tiny net copes better).
 */
public final class FaceLandmark68Graph {
  public static final String NAME = "face_landmark_68";
  public static final String WEIGHTS = "face_landmark_68_model";
  public static final String TINY_NAME = "face_landmark_68_tiny";
  public static final String TINY_WEIGHTS = "face_landmark_68_tiny_model";
  public static final int SIZE = 112;
  public static final int POINTS = 68;
  private static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};

  /** What differs between the two nets. */
  private record Variant(
      String name, String weights, String title, int blocks, int convsPerBlock, int features) {}

  private static final Variant FULL = new Variant(NAME, WEIGHTS, "FaceLandmark68Net", 4, 4, 256);
  private static final Variant TINY =
      new Variant(TINY_NAME, TINY_WEIGHTS, "FaceLandmark68TinyNet", 3, 3, 128);

  private final Variant variant;
  private final TfjsWeights weights;
  private final GraphBuilder g;
  private final TfLayers tf;

  private FaceLandmark68Graph(Variant variant, TfjsWeights weights) {
    this.variant = variant;
    this.weights = weights;
    this.g = new GraphBuilder(variant.name());
    this.tf = new TfLayers(g);
  }

  /** FaceLandmark68Net, from the weights {@value #WEIGHTS}. */
  public static BuiltModel build(TfjsWeights weights) {
    return new FaceLandmark68Graph(FULL, weights).build();
  }

  /** FaceLandmark68TinyNet, from the weights {@value #TINY_WEIGHTS}. */
  public static BuiltModel buildTiny(TfjsWeights weights) {
    return new FaceLandmark68Graph(TINY, weights).build();
  }

  private BuiltModel build() {
    String image = g.input("image", "batch", SIZE, SIZE, 3);
    String normalized =
        tf.div(tf.sub(image, g.floats("mean_rgb", MEAN_RGB, 1, 1, 1, 3)), g.scalar("scale", 255f));
    String x = tf.nhwcToNchw(normalized);
    int size = SIZE;
    for (int block = 0; block < variant.blocks(); block++) {
      x = denseBlock(x, "dense" + block, block == 0);
      size = (size + 1) / 2;
    }
    // The pool spans the whole map (7x7 or 14x14), so it is a global mean and leaves 1x1.
    String pooled = tf.avgPool(x, size, 2, Padding.VALID);
    String features = tf.reshape(pooled, 0, -1);
    String landmarks =
        tf.add(
            g.op("MatMul", List.of(features, g.weights("fc_w", weights.get("fc/weights")))),
            g.weights("fc_b", weights.get("fc/bias")));
    g.output(landmarks, "landmarks", "batch", 2 * POINTS);

    if (!weights.untaken().isEmpty()) {
      throw new IllegalStateException(
          variant.title() + " left weights unused: " + weights.untaken());
    }
    return new BuiltModel(
        variant.name(),
        g.model(
            "face-api " + variant.title() + " as ONNX",
            Map.of("source", "@vladmandic/face-api@1.7.15")),
        card());
  }

  /**
   * A dense block: a stride-2 first conv, then stride-1 separable convs, each on the ReLU of the
   * sum of the block's outputs so far; the block's value is the ReLU of the sum of them all.
   */
  private String denseBlock(String x, String prefix, boolean first) {
    String conv0 =
        first
            ? tf.conv2d(
                x,
                weights.get(prefix + "/conv0/filters"),
                weights.get(prefix + "/conv0/bias"),
                2,
                Padding.SAME)
            : separable(x, prefix + "/conv0", 2);
    // The first output is already a ReLU, so the second conv takes it as it is.
    String sum = tf.relu(conv0);
    for (int i = 1; i < variant.convsPerBlock(); i++) {
      String in = i == 1 ? sum : tf.relu(sum);
      sum = tf.add(sum, separable(in, prefix + "/conv" + i, 1));
    }
    return tf.relu(sum);
  }

  private String separable(String x, String prefix, int stride) {
    return tf.separableConv2d(
        x,
        weights.get(prefix + "/depthwise_filter"),
        weights.get(prefix + "/pointwise_filter"),
        weights.get(prefix + "/bias"),
        stride,
        Padding.SAME);
  }

  private ModelCard card() {
    return new ModelCard(
        "face-landmarks-68",
        FaceApiSource.of(variant.weights()),
        new ModelCard.Tensor(
            "image",
            List.of(-1, SIZE, SIZE, 3),
            "face crop padded to a square and resized to 112x112, RGB, values 0-255, NHWC"),
        "crop the detector's box (clipped to the image, x, y, width and height floored); pad the"
            + " shorter side with zeros to a square of side S = max(width, height), floor(d/2)"
            + " before and ceil(d/2) after, d = |width - height|; if S != 112 resize to 112x112"
            + " with TF legacy bilinear (output pixel i samples input i*S/112, no half-pixel"
            + " centres). The graph subtracts the mean RGB (122.782, 117.001, 104.298) and divides"
            + " by 255",
        List.of(
            new ModelCard.Tensor(
                "landmarks",
                List.of(-1, 2 * POINTS),
                "x0, y0, x1, y1, ... for the 68 iBUG 300-W points, relative to the 112x112 input"
                    + " (0-1); in the crop: x = out_x*S - (S - width)/2, y = out_y*S - (S -"
                    + " height)/2, as face-api maps them back")),
        "none: the detector's box, padded to a square (see preprocessing)",
        null);
  }
}
