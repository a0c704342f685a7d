package dev.facesearch.models.faceapi;

import dev.facesearch.models.BuiltModel;
import dev.facesearch.models.ModelCard;
import dev.facesearch.models.onnx.Attribute;
import dev.facesearch.models.onnx.GraphBuilder;
import dev.facesearch.models.onnx.TfLayers;
import dev.facesearch.models.onnx.TfLayers.Padding;
import dev.facesearch.models.tfjs.TfjsWeights;
import java.util.List;
import java.util.Map;

/**
 * face-api's FaceRecognitionNet, dlib's ResNet-34-like face descriptor: a 150x150 RGB face chip to
 * a 128-D descriptor (not normalised).
 *
 * <p>Architecture (face-api {@code faceRecognitionNet/}): a 7x7/2 'valid' conv and a 3x3/2 max
 * pool, then residual blocks at 32, 64, 128 and 256 channels. Each conv is conv + bias, then a
 * per-channel scale (multiply, add), then ReLU except the second conv of a block. A down block's
 * shortcut is a 2x2/2 average pool, zero-padded on channels; when the strided conv comes out one
 * pixel smaller than the pool, the conv output gets a zero row and column at the end. Then a global
 * mean and a 256x128 fully connected layer.
 *
 * <p>Preprocessing baked into the graph: subtract the mean RGB (122.782, 117.001, 104.298), divide
 * by 255.
 */
public final class FaceRecognitionNetGraph {
  public static final String NAME = "face_recognition";
  public static final String WEIGHTS = "face_recognition_model";
  public static final int SIZE = 150;

  /**
   * The default match threshold on the squared L2 distance of unit-length descriptors, measured
   * with the server's whole pipeline (SSD detection, 68 landmarks, dlib chip) on every pair of the
   * 100 photos of {@code lfw-subset} (450 same-person, 4,500 different-person pairs): the
   * equal-error point, where 0.7% of same-person pairs are rejected and 0.8% of others accepted.
   * The server's {@code ThresholdCalibrationTest} re-measures it. For comparison, dlib's own 0.6 on
   * raw descriptors (norm about 1.40) is (0.6 / 1.40)^2 = 0.18.
   */
  public static final float DEFAULT_MATCH_THRESHOLD = 0.195f;

  private static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};

  private final TfjsWeights weights;
  private final GraphBuilder g = new GraphBuilder(NAME);
  private final TfLayers tf = new TfLayers(g);

  /** A value in the graph and its spatial size and channels, known while building. */
  private record Value(String name, int size, int channels) {}

  private FaceRecognitionNetGraph(TfjsWeights weights) {
    this.weights = weights;
  }

  public static BuiltModel build(TfjsWeights weights) {
    return new FaceRecognitionNetGraph(weights).build();
  }

  private BuiltModel build() {
    String image = g.input("image", "batch", SIZE, SIZE, 3);
    String normalized =
        tf.div(tf.sub(image, g.floats("mean_rgb", MEAN_RGB, 1, 1, 1, 3)), g.scalar("scale", 255f));
    Value x = new Value(tf.nhwcToNchw(normalized), SIZE, 3);

    x = conv(x, "conv32_down", 2, Padding.VALID, true);
    x = new Value(tf.maxPool(x.name(), 3, 2, Padding.VALID), (x.size() - 3) / 2 + 1, x.channels());

    x = residual(x, "conv32_1");
    x = residual(x, "conv32_2");
    x = residual(x, "conv32_3");
    x = residualDown(x, "conv64_down");
    x = residual(x, "conv64_1");
    x = residual(x, "conv64_2");
    x = residual(x, "conv64_3");
    x = residualDown(x, "conv128_down");
    x = residual(x, "conv128_1");
    x = residual(x, "conv128_2");
    x = residualDown(x, "conv256_down");
    x = residual(x, "conv256_1");
    x = residual(x, "conv256_2");
    x = residualDown(x, "conv256_down_out");

    String pooled =
        g.op(
            "ReduceMean",
            List.of(x.name()),
            Attribute.ints("axes", 2, 3),
            Attribute.i("keepdims", 0));
    String descriptor = g.op("MatMul", List.of(pooled, g.weights("fc", weights.get("fc"))));
    g.output(descriptor, "descriptor", "batch", 128);

    if (!weights.untaken().isEmpty()) {
      throw new IllegalStateException(
          "FaceRecognitionNet left weights unused: " + weights.untaken());
    }
    ModelCard card =
        new ModelCard(
            "face-embedding",
            FaceApiSource.of(WEIGHTS),
            new ModelCard.Tensor(
                "image", List.of(-1, SIZE, SIZE, 3), "face chip, RGB, values 0-255, NHWC"),
            "align the face to dlib's 150x150 chip; the graph subtracts the mean RGB (122.782, 117.001,"
                + " 104.298) and divides by 255",
            List.of(
                new ModelCard.Tensor(
                    "descriptor",
                    List.of(-1, 128),
                    "128-D face descriptor, not normalised (norm about 1.4)")),
            "dlib get_face_chip_details(shape, 150, 0.25): similarity transform onto dlib's mean face, 25% padding",
            DEFAULT_MATCH_THRESHOLD);
    return new BuiltModel(
        NAME,
        g.model(
            "face-api FaceRecognitionNet (dlib ResNet) as ONNX",
            Map.of("source", "@vladmandic/face-api@1.7.15")),
        card);
  }

  /** conv + bias, then the per-channel scale layer, then ReLU if asked. */
  private Value conv(Value x, String prefix, int stride, Padding padding, boolean relu) {
    var filters = weights.get(prefix + "/conv/filters");
    String out = tf.conv2d(x.name(), filters, weights.get(prefix + "/conv/bias"), stride, padding);
    out = tf.mulChannels(out, weights.get(prefix + "/scale/weights"));
    out = tf.addChannels(out, weights.get(prefix + "/scale/biases"));
    if (relu) {
      out = tf.relu(out);
    }
    int kernel = filters.dim(0);
    int size =
        padding == Padding.SAME
            ? (x.size() + stride - 1) / stride
            : (x.size() - kernel) / stride + 1;
    return new Value(out, size, filters.dim(3));
  }

  private Value residual(Value x, String prefix) {
    Value out = conv(x, prefix + "/conv1", 1, Padding.SAME, true);
    out = conv(out, prefix + "/conv2", 1, Padding.SAME, false);
    return new Value(tf.relu(tf.add(out.name(), x.name())), out.size(), out.channels());
  }

  private Value residualDown(Value x, String prefix) {
    Value out = conv(x, prefix + "/conv1", 2, Padding.VALID, true);
    out = conv(out, prefix + "/conv2", 1, Padding.SAME, false);
    Value pooled =
        new Value(tf.avgPool(x.name(), 2, 2, Padding.VALID), (x.size() - 2) / 2 + 1, x.channels());
    String outName = out.name();
    if (out.size() != pooled.size()) {
      if (pooled.size() - out.size() != 1) {
        throw new IllegalStateException(
            prefix + ": conv size " + out.size() + " vs pool size " + pooled.size());
      }
      // A zero row at the bottom and a zero column at the right, as face-api concatenates them.
      outName = pad(outName, 0, 1, 1);
    }
    String shortcut = pooled.name();
    if (pooled.channels() != out.channels()) {
      // Zero channels after the pooled ones.
      shortcut = pad(shortcut, out.channels() - pooled.channels(), 0, 0);
    }
    return new Value(tf.relu(tf.add(shortcut, outName)), pooled.size(), out.channels());
  }

  /** Zero-pads an NCHW value at the end of its channel, height and width axes. */
  private String pad(String x, int channelsAfter, int rowsAfter, int columnsAfter) {
    return g.op(
        "Pad", List.of(x, g.int64s("pads", 0, 0, 0, 0, 0, channelsAfter, rowsAfter, columnsAfter)));
  }
}
