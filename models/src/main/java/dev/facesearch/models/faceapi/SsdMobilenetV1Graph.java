package dev.facesearch.models.faceapi;

import dev.facesearch.models.BuiltModel;
import dev.facesearch.models.ModelCard;
import dev.facesearch.models.onnx.Attribute;
import dev.facesearch.models.onnx.FloatTensor;
import dev.facesearch.models.onnx.GraphBuilder;
import dev.facesearch.models.onnx.TfLayers;
import dev.facesearch.models.onnx.TfLayers.Padding;
import dev.facesearch.models.tfjs.TfjsWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * face-api's SsdMobilenetv1 face detector: a 512x512 RGB image to a box and a face score for each
 * of its 5,118 anchors, before non-maximum suppression.
 *
 * <p>Architecture (face-api {@code ssdMobilenetv1/}): MobileNet v1, a 3x3/2 conv then 13 pairs of a
 * 3x3 depthwise conv (batch norm, ReLU6; stride 2 in pairs 2, 4, 6 and 12) and a 1x1 pointwise conv
 * (bias, ReLU6), giving 512 channels at 32x32 after pair 11 and 1024 at 16x16 after pair 13. Eight
 * more pointwise layers (1x1 then 3x3/2, four times) make maps of 8x8, 4x4, 2x2 and 1x1. Six box
 * predictors (1x1 convs with bias) read the maps 32, 16, 8, 4, 2 and 1, with 3 anchors per cell on
 * the first and 6 on the others: 3,072 + 1,536 + 384 + 96 + 24 + 6 = 5,118 anchors, in TF's NHWC
 * order (row, column, anchor) within each map. {@link SsdOutputLayer} decodes the boxes against the
 * anchors and takes the sigmoid of the face class.
 *
 * <p>Preprocessing baked into the graph: divide by 127.5, subtract 1 (values in [-1, 1]).
 */
public final class SsdMobilenetV1Graph {
  public static final String NAME = "ssd_mobilenetv1";
  public static final String WEIGHTS = "ssd_mobilenetv1_model";
  public static final int SIZE = 512;
  public static final int ANCHORS = 5118;

  /** face-api's batch-norm epsilon, TF's default 1e-3 as a float. */
  private static final float EPSILON = 0.0010000000474974513f;

  /** Box coordinates per anchor, and classes (background, face, and an unused one) per anchor. */
  private static final int BOX_CODE = 4;

  private static final int CLASSES = 3;

  private final TfjsWeights weights;
  private final GraphBuilder g = new GraphBuilder(NAME);
  private final TfLayers tf = new TfLayers(g);
  private final TfGraphConstants constants;

  /** A value in the graph and its spatial size, known while building. */
  private record Value(String name, int size) {}

  private SsdMobilenetV1Graph(TfjsWeights weights) {
    this.weights = weights;
    this.constants = new TfGraphConstants(weights);
  }

  public static BuiltModel build(TfjsWeights weights) {
    return new SsdMobilenetV1Graph(weights).build();
  }

  private BuiltModel build() {
    List<Value> maps = mobileNet(preprocess());
    extraFeatureMaps(maps);

    List<String> boxCodes = new ArrayList<>();
    List<String> classScores = new ArrayList<>();
    int anchors = 0;
    for (int i = 0; i < maps.size(); i++) {
      String prefix = "Prediction/BoxPredictor_" + i;
      Value map = maps.get(i);
      boxCodes.add(predictor(map, prefix + "/BoxEncodingPredictor", BOX_CODE));
      classScores.add(predictor(map, prefix + "/ClassPredictor", CLASSES));
      int perCell = weights.get(prefix + "/BoxEncodingPredictor/weights").dim(3) / BOX_CODE;
      int mapAnchors = map.size() * map.size() * perCell;
      // The TF graph's reshape target: this map's anchor count.
      constants.expect(prefix + "/stack_1/1", mapAnchors);
      anchors += mapAnchors;
    }
    constants.expect("Prediction/BoxPredictor_0/stack_1/2", CLASSES);
    constants.expect("Prediction/BoxPredictor_0/stack/3", BOX_CODE);
    // The TF graph reads the batch size as shape[0:1] before reshaping; Reshape's 0 does that.
    constants.expect("Prediction/BoxPredictor_0/strided_slice/stack", 0);
    constants.expect("Prediction/BoxPredictor_0/strided_slice/stack_1", 1);
    constants.expect("concat_1/axis", 1);
    constants.expect("Postprocessor/stack/1", anchors);
    FloatTensor anchorBoxes = weights.get("Output/extra_dim");
    if (anchors != ANCHORS || !Arrays.equals(anchorBoxes.shape(), new int[] {1, ANCHORS, 4})) {
      throw new IllegalStateException(
          "expected " + ANCHORS + " anchors, got " + anchors + " and boxes " + anchorBoxes);
    }

    String codes = g.op("Concat", boxCodes, Attribute.i("axis", 1));
    String classes = g.op("Concat", classScores, Attribute.i("axis", 1));
    SsdOutputLayer output = new SsdOutputLayer(g, constants);
    g.output(output.boxes(codes, anchorBoxes), "boxes", "batch", ANCHORS, 4);
    g.output(output.faceScores(classes), "scores", "batch", ANCHORS);

    if (!weights.untaken().isEmpty()) {
      throw new IllegalStateException("SsdMobilenetv1 left weights unused: " + weights.untaken());
    }
    return new BuiltModel(
        NAME,
        g.model(
            "face-api SsdMobilenetv1 face detector as ONNX (boxes and scores before NMS)",
            Map.of("source", "@vladmandic/face-api@1.7.15")),
        card());
  }

  /** The image input, scaled to [-1, 1], as NCHW. */
  private Value preprocess() {
    constants.expect("Preprocessor/ResizeImage/size", SIZE, SIZE);
    constants.expectNear("Preprocessor/mul/x", 1 / 127.5f);
    constants.expect("Preprocessor/sub/y", 1);
    String image = g.input("image", "batch", SIZE, SIZE, 3);
    // face-api divides by 127.5 (the TF graph multiplies by its inverse): divide, to round alike.
    String normalized = tf.sub(tf.div(image, g.scalar("half_range", 127.5f)), g.scalar("one", 1f));
    return new Value(tf.nhwcToNchw(normalized), SIZE);
  }

  /** MobileNet v1; returns the outputs of pair 11 (32x32) and pair 13 (16x16). */
  private List<Value> mobileNet(Value x) {
    x = pointwise(x, "MobilenetV1/Conv2d_0_pointwise", 2);
    Value conv11 = null;
    for (int pair = 1; pair <= 13; pair++) {
      int stride = pair == 2 || pair == 4 || pair == 6 || pair == 12 ? 2 : 1;
      x = depthwise(x, "MobilenetV1/Conv2d_" + pair + "_depthwise", stride);
      x = pointwise(x, "MobilenetV1/Conv2d_" + pair + "_pointwise", 1);
      if (pair == 11) {
        conv11 = x;
      }
    }
    return new ArrayList<>(List.of(conv11, x));
  }

  /** Appends the 8x8, 4x4, 2x2 and 1x1 maps made from the last one by 1x1 and 3x3/2 layers. */
  private void extraFeatureMaps(List<Value> maps) {
    Value x = maps.getLast();
    for (int layer = 0; layer < 8; layer++) {
      x = pointwise(x, "Prediction/Conv2d_" + layer + "_pointwise", layer % 2 == 0 ? 1 : 2);
      if (layer % 2 == 1) {
        maps.add(x);
      }
    }
  }

  private static ModelCard card() {
    return new ModelCard(
        "face-detection",
        FaceApiSource.of(WEIGHTS),
        new ModelCard.Tensor("image", List.of(-1, SIZE, SIZE, 3), "image, RGB, values 0-255, NHWC"),
        "pad the image to a square at the bottom and right, then resize it to 512x512 (face-api:"
            + " toBatchTensor(512, false), tf.image.resizeBilinear without align_corners or"
            + " half_pixel_centers); the graph divides by 127.5 and subtracts 1",
        List.of(
            new ModelCard.Tensor(
                "boxes",
                List.of(-1, ANCHORS, 4),
                "per anchor (ymin, xmin, ymax, xmax) as fractions of the 512x512 input, not"
                    + " clipped to [0, 1]"),
            new ModelCard.Tensor(
                "scores",
                List.of(-1, ANCHORS),
                "per anchor the face probability (sigmoid of class 1); face-api keeps scores"
                    + " above 0.5, then applies NMS at IoU 0.5")),
        "none",
        null);
  }

  /**
   * Conv (no bias) plus the folded batch-norm offset, then ReLU6: face-api's pointwiseConvLayer.
   */
  private Value pointwise(Value x, String prefix, int stride) {
    FloatTensor filters = weights.get(prefix + "/weights");
    String out =
        tf.conv2d(
            x.name(),
            filters,
            weights.get(prefix + "/convolution_bn_offset"),
            stride,
            Padding.SAME);
    return new Value(tf.clip(out, 0, 6), ceilDiv(x.size(), stride));
  }

  /** Depthwise 3x3 conv, batch norm, ReLU6. */
  private Value depthwise(Value x, String prefix, int stride) {
    String out =
        tf.depthwiseConv2d(
            x.name(), weights.get(prefix + "/depthwise_weights"), stride, Padding.SAME);
    out =
        tf.batchNorm(
            out,
            weights.get(prefix + "/BatchNorm/moving_mean"),
            weights.get(prefix + "/BatchNorm/moving_variance"),
            weights.get(prefix + "/BatchNorm/beta"),
            weights.get(prefix + "/BatchNorm/gamma"),
            EPSILON);
    return new Value(tf.clip(out, 0, 6), ceilDiv(x.size(), stride));
  }

  /**
   * A 1x1 conv with bias whose channels are (anchor, value) per cell, as [batch, anchors, values].
   *
   * <p>TF reshapes the NHWC output, so anchors run row, column, anchor: transpose NCHW back to NHWC
   * before the reshape, or the anchor order would not match the anchor boxes.
   */
  private String predictor(Value map, String prefix, int valuesPerAnchor) {
    String out =
        tf.conv2d(
            map.name(),
            weights.get(prefix + "/weights"),
            weights.get(prefix + "/biases"),
            1,
            Padding.SAME);
    String nhwc = g.op("Transpose", List.of(out), Attribute.ints("perm", 0, 2, 3, 1));
    return tf.reshape(nhwc, 0, -1, valuesPerAnchor);
  }

  private static int ceilDiv(int size, int stride) {
    return (size + stride - 1) / stride;
  }
}
