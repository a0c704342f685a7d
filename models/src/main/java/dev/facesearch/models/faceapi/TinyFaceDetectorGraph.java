package dev.facesearch.models.faceapi;

import dev.facesearch.models.BuiltModel;
import dev.facesearch.models.ModelCard;
import dev.facesearch.models.onnx.Attribute;
import dev.facesearch.models.onnx.GraphBuilder;
import dev.facesearch.models.onnx.TfLayers;
import dev.facesearch.models.onnx.TfLayers.Padding;
import dev.facesearch.models.tfjs.TfjsWeights;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * face-api's TinyFaceDetector, a Tiny-YOLOv2 with depthwise separable convolutions: an RGB image
 * whose sides are multiples of 32 to a grid of raw box encodings, one cell per 32x32 pixels.
 *
 * <p>Architecture (face-api {@code tinyFaceDetector/}, {@code tinyYolov2/TinyYolov2Base}'s
 * mobilenet variant, first layer a plain conv, filter sizes 3, 16, 32, 64, 128, 256, 512 so there
 * is no conv6 or conv7): a 3x3 'valid' conv + bias and leaky ReLU (16), then five times a 2x2/2
 * 'same' max pool followed by a separable block (zero pad 1, 3x3 depthwise, 1x1 pointwise, bias,
 * leaky ReLU) to 32, 64, 128, 256 and 512 channels, then a 2x2 'same' max pool with stride 1 and a
 * 1x1 conv + bias to 5 anchors x 5 numbers. Leaky ReLU has slope 0.1. The 'valid' first conv takes
 * an H-pixel side to H - 2, and the 'same' pools round up, so H = 32k ends at k.
 *
 * <p>Preprocessing baked into the graph: subtract the mean RGB (117.001, 114.697, 97.404), divide
 * by 255.
 */
public final class TinyFaceDetectorGraph {
  public static final String NAME = "tiny_face_detector";
  public static final String WEIGHTS = "tiny_face_detector_model";

  /** Pixels per grid cell along each axis. */
  public static final int STRIDE = 32;

  /**
   * Anchor (width, height) pairs in grid cells, face-api's {@code BOX_ANCHORS} for this net, in the
   * order of the anchors in the grid's last axis.
   */
  public static final float[][] ANCHORS = {
    {1.603231f, 2.094468f},
    {6.041143f, 7.080126f},
    {2.882459f, 3.518061f},
    {4.266906f, 5.178857f},
    {9.041765f, 10.66308f},
  };

  /** Numbers per anchor: tx, ty, tw, th, objectness; one class, so no class scores. */
  public static final int BOX_ENCODING = 5;

  /** face-api's IoU threshold for non-maximum suppression of this net's boxes. */
  public static final float IOU_THRESHOLD = 0.4f;

  private static final float[] MEAN_RGB = {117.001f, 114.697f, 97.404f};

  // face-api's leaky() computes relu(x - 0.1x) + 0.1x with the float32 constant 0.1.
  private static final float LEAKY_SLOPE = 0.1f;

  private static final int SEPARABLE_BLOCKS = 5;

  private final TfjsWeights weights;
  private final GraphBuilder g = new GraphBuilder(NAME);
  private final TfLayers tf = new TfLayers(g);

  private TinyFaceDetectorGraph(TfjsWeights weights) {
    this.weights = weights;
  }

  public static BuiltModel build(TfjsWeights weights) {
    return new TinyFaceDetectorGraph(weights).build();
  }

  private BuiltModel build() {
    String image = g.input("image", "batch", "height", "width", 3);
    String normalized =
        tf.div(tf.sub(image, g.floats("mean_rgb", MEAN_RGB, 1, 1, 1, 3)), g.scalar("scale", 255f));
    String x = tf.nhwcToNchw(normalized);

    x =
        tf.leakyRelu(
            tf.conv2d(x, weights.get("conv0/filters"), weights.get("conv0/bias"), 1, Padding.VALID),
            LEAKY_SLOPE);
    for (int block = 1; block <= SEPARABLE_BLOCKS; block++) {
      x = separable(tf.maxPool(x, 2, 2, Padding.SAME), "conv" + block);
    }
    // A pool that keeps the size: stride 1, the extra row and column padded at the end, as TF does.
    x = tf.maxPool(x, 2, 1, Padding.SAME);
    String grid =
        tf.conv2d(x, weights.get("conv8/filters"), weights.get("conv8/bias"), 1, Padding.VALID);
    String nhwc = g.op("Transpose", List.of(grid), Attribute.ints("perm", 0, 2, 3, 1));
    int channels = ANCHORS.length * BOX_ENCODING;
    g.output(nhwc, "grid", "batch", "grid_height", "grid_width", channels);

    if (!weights.untaken().isEmpty()) {
      throw new IllegalStateException("TinyFaceDetector left weights unused: " + weights.untaken());
    }
    ModelCard card =
        new ModelCard(
            "face-detection",
            FaceApiSource.of(WEIGHTS),
            new ModelCard.Tensor(
                "image",
                List.of(-1, -1, -1, 3),
                "RGB image, values 0-255, NHWC; height and width multiples of 32 (face-api's"
                    + " default is 416x416)"),
            "face-api pads the image with zeros at the bottom or right to a square, then resizes it"
                + " bilinearly to inputSize x inputSize (a multiple of 32); the graph subtracts the"
                + " mean RGB (117.001, 114.697, 97.404) and divides by 255",
            List.of(new ModelCard.Tensor("grid", List.of(-1, -1, -1, channels), gridMeaning())),
            "none",
            null);
    return new BuiltModel(
        NAME,
        g.model(
            "face-api TinyFaceDetector (Tiny-YOLOv2, separable convs) as ONNX",
            Map.of("source", "@vladmandic/face-api@1.7.15")),
        card);
  }

  /** Zero pad 1, 3x3 depthwise, 1x1 pointwise + bias, leaky ReLU. */
  private String separable(String x, String prefix) {
    // face-api pads explicitly and convolves 'valid'; for a 3x3 stride-1 conv that is 'same'.
    String out =
        tf.separableConv2d(
            x,
            weights.get(prefix + "/depthwise_filter"),
            weights.get(prefix + "/pointwise_filter"),
            weights.get(prefix + "/bias"),
            1,
            Padding.SAME);
    return tf.leakyRelu(out, LEAKY_SLOPE);
  }

  /** How to decode the grid, as face-api's TinyYolov2Base.extractBoxes does. */
  private static String gridMeaning() {
    StringBuilder anchors = new StringBuilder();
    for (float[] anchor : ANCHORS) {
      if (!anchors.isEmpty()) {
        anchors.append(", ");
      }
      anchors.append(String.format(Locale.ROOT, "(%s, %s)", anchor[0], anchor[1]));
    }
    return "raw box encodings, NHWC [batch, rows, cols, "
        + ANCHORS.length
        + " anchors x "
        + BOX_ENCODING
        + "] with rows = height/32 and cols = width/32; channel a*5+k is number k of anchor a:"
        + " tx, ty, tw, th, objectness; 1 class (face), no class scores. Anchors (w, h) in cells: "
        + anchors
        + ". For cell (row, col) and anchor a: score = sigmoid(objectness);"
        + " cx = (col + sigmoid(tx)) / cols; cy = (row + sigmoid(ty)) / rows;"
        + " w = exp(tw) * anchor_w / cols; h = exp(th) * anchor_h / rows (all relative to the"
        + " network input; multiply by its width and height for pixels); box = (cx - w/2, cy -"
        + " h/2, w, h). face-api keeps score > scoreThreshold (default 0.5), then non-maximum"
        + " suppression at IoU "
        + IOU_THRESHOLD
        + ". face-api feeds a square: after padding an image of w x h pixels to a square of side"
        + " max(w, h) it multiplies x and width by max(w, h)/w, y and height by max(w, h)/h, so"
        + " boxes are relative to the unpadded image";
  }
}
