package dev.facesearch.server.detect;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import dev.facesearch.server.image.SquareInput;
import java.util.ArrayList;
import java.util.List;

/**
 * SSD MobileNet v1's translator. In: the image padded at the bottom or right to a square and
 * resized to 512 (face-api's way). The graph decodes the anchors itself and returns, per anchor, a
 * box (ymin, xmin, ymax, xmax) relative to the square and a face score. Out: the boxes kept by
 * face-api's rule (score above the minimum, greedy non-maximum suppression), clipped to the square
 * and mapped back to the image's pixels.
 */
final class SsdMobilenetTranslator implements NoBatchifyTranslator<DetectorInput, List<Detection>> {
  static final String MODEL = "ssd_mobilenetv1";
  static final int SIZE = 512;
  private static final String INPUT = "input";

  @Override
  public NDList processInput(TranslatorContext context, DetectorInput input) {
    context.setAttachment(INPUT, input);
    float[] square = SquareInput.of(input.image(), SIZE, false);
    return new NDList(context.getNDManager().create(square, new Shape(1, SIZE, SIZE, 3)));
  }

  @Override
  public List<Detection> processOutput(TranslatorContext context, NDList outputs) {
    DetectorInput input = (DetectorInput) context.getAttachment(INPUT);
    float[] boxes = outputs.get("boxes").toFloatArray();
    float[] scores = outputs.get("scores").toFloatArray();
    float[][] corners = new float[scores.length][];
    for (int i = 0; i < scores.length; i++) {
      // (ymin, xmin, ymax, xmax) -> (left, top, right, bottom)
      corners[i] = new float[] {boxes[4 * i + 1], boxes[4 * i], boxes[4 * i + 3], boxes[4 * i + 2]};
    }
    DetectionOptions options = input.options();
    List<Integer> kept =
        NonMaxSuppression.select(
            corners, scores, options.minScore(), options.iouThreshold(), options.maxFaces());
    // The image fills scaled[0] x scaled[1] of the square: scale relative coordinates back.
    int[] scaled = SquareInput.scaledSize(input.image(), SIZE);
    double padX = SIZE / (double) scaled[0];
    double padY = SIZE / (double) scaled[1];
    int width = input.image().width();
    int height = input.image().height();
    List<Detection> detections = new ArrayList<>(kept.size());
    for (int i : kept) {
      double left = Math.max(0, corners[i][0]) * padX;
      double top = Math.max(0, corners[i][1]) * padY;
      double right = Math.min(1, corners[i][2]) * padX;
      double bottom = Math.min(1, corners[i][3]) * padY;
      detections.add(
          new Detection(
              scores[i],
              (float) (left * width),
              (float) (top * height),
              (float) ((right - left) * width),
              (float) ((bottom - top) * height)));
    }
    return detections;
  }
}
