package dev.facesearch.models.faceapi;

import dev.facesearch.models.onnx.Attribute;
import dev.facesearch.models.onnx.FloatTensor;
import dev.facesearch.models.onnx.GraphBuilder;
import java.util.List;

/**
 * SSD's output layer as face-api computes it: box codes decoded against the anchor boxes, and the
 * face probability of each anchor.
 *
 * <p>An anchor is a box (a0, a1, a2, a3) = (ymin, xmin, ymax, xmax), fractions of the input. Its
 * code (t0, t1, t2, t3) moves its centre by (t0 / 10, t1 / 10) times its size and scales its size
 * by (exp(t2 / 5), exp(t3 / 5)). The anchors are constants, so their sizes and centres are computed
 * here, in float32 and in face-api's order of operations, so the graph rounds as TF.js does.
 */
final class SsdOutputLayer {
  private final GraphBuilder g;
  private final TfGraphConstants constants;

  SsdOutputLayer(GraphBuilder graph, TfGraphConstants constants) {
    this.g = graph;
    this.constants = constants;
  }

  /**
   * Decoded boxes, [batch, anchors, 4] as (ymin, xmin, ymax, xmax).
   *
   * @param codes box codes [batch, anchors, 4]
   * @param anchorBoxes face-api's {@code Output/extra_dim}, [1, anchors, 4]
   */
  String boxes(String codes, FloatTensor anchorBoxes) {
    int anchors = anchorBoxes.dim(1);
    float[] a = anchorBoxes.data();
    float[] sizes = new float[anchors * 2];
    float[] centres = new float[anchors * 2];
    for (int i = 0; i < anchors; i++) {
      for (int axis = 0; axis < 2; axis++) {
        float size = a[i * 4 + axis + 2] - a[i * 4 + axis];
        sizes[i * 2 + axis] = size;
        centres[i * 2 + axis] = a[i * 4 + axis] + size / 2;
      }
    }
    String size = g.floats("anchor_size", sizes, anchors, 2);
    String centre = g.floats("anchor_centre", centres, anchors, 2);

    String shift = slice(codes, 0, 2);
    String scale = slice(codes, 2, 4);
    String centreOut = add(mul(div(shift, g.scalar("centre_scale", 10f)), size), centre);
    String half =
        div(
            mul(g.op("Exp", List.of(div(scale, g.scalar("size_scale", 5f)))), size),
            g.scalar("two", 2f));
    return g.op(
        "Concat",
        List.of(g.op("Sub", List.of(centreOut, half)), add(centreOut, half)),
        Attribute.i("axis", 2));
  }

  /**
   * The face probability per anchor, [batch, anchors]: sigmoid of class 1 of [batch, anchors, 3].
   */
  String faceScores(String classes) {
    // The TF graph's Postprocessor slice drops the background class: begin (0, 0, 1), size all.
    constants.expect("Postprocessor/Slice/begin", 0, 0, 1);
    constants.expect("Postprocessor/Slice/size", -1, -1, -1);
    String face = slice(classes, 1, 2);
    String probability = g.op("Sigmoid", List.of(face));
    return g.op("Reshape", List.of(probability, g.int64s("shape", 0, -1)));
  }

  /** [start, end) of the last axis of a rank-3 value. */
  private String slice(String x, long start, long end) {
    return g.op(
        "Slice", List.of(x, g.int64s("starts", start), g.int64s("ends", end), g.int64s("axes", 2)));
  }

  private String add(String a, String b) {
    return g.op("Add", List.of(a, b));
  }

  private String mul(String a, String b) {
    return g.op("Mul", List.of(a, b));
  }

  private String div(String a, String b) {
    return g.op("Div", List.of(a, b));
  }
}
