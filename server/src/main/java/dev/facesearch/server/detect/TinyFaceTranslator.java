package dev.facesearch.server.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import dev.facesearch.models.faceapi.TinyFaceDetectorGraph;
import dev.facesearch.server.image.SquareInput;
import java.util.ArrayList;
import java.util.List;

/**
 * The tiny face detector's translator. In: the image padded at the bottom or right to a square and
 * resized to the call's input size (a multiple of 32). The graph returns the raw Tiny-YOLOv2 grid,
 * 5 anchors x (tx, ty, tw, th, objectness) per cell. Out: face-api's decoding (sigmoid offsets
 * within the cell, exponential sizes times the anchors), the boxes scoring above the minimum,
 * greedy non-maximum suppression, in the image's pixels.
 */
final class TinyFaceTranslator implements NoBatchifyTranslator<DetectorInput, List<Detection>> {
  static final String MODEL = "tiny_face_detector";
  private static final float[][] ANCHORS = TinyFaceDetectorGraph.ANCHORS;
  private static final int PER_ANCHOR = 5;
  private static final String INPUT = "input";

  @Override
  public NDList processInput(TranslatorContext context, DetectorInput input) {
    context.setAttachment(INPUT, input);
    int size = input.options().inputSize();
    float[] square = SquareInput.of(input.image(), size, false);
    return new NDList(context.getNDManager().create(square, new Shape(1, size, size, 3)));
  }

  @Override
  public List<Detection> processOutput(TranslatorContext context, NDList outputs) {
    DetectorInput input = (DetectorInput) context.getAttachment(INPUT);
    DetectionOptions options = input.options();
    NDArray gridArray = outputs.get("grid");
    int rows = (int) gridArray.getShape().get(1);
    int columns = (int) gridArray.getShape().get(2);
    float[] grid = gridArray.toFloatArray();
    // face-api scales boxes by (input size / scaled image side) to undo the square padding.
    int[] scaled = SquareInput.scaledSize(input.image(), options.inputSize());
    double inputSide = Math.max(scaled[0], scaled[1]);
    double correctionX = inputSide / scaled[0];
    double correctionY = inputSide / scaled[1];

    List<float[]> boxes = new ArrayList<>();
    List<Float> scores = new ArrayList<>();
    for (int row = 0; row < rows; row++) {
      for (int column = 0; column < columns; column++) {
        for (int anchor = 0; anchor < ANCHORS.length; anchor++) {
          int at = ((row * columns + column) * ANCHORS.length + anchor) * PER_ANCHOR;
          double score = sigmoid(grid[at + 4]);
          if (score <= options.minScore()) {
            continue;
          }
          double centreX = (column + sigmoid(grid[at])) / columns * correctionX;
          double centreY = (row + sigmoid(grid[at + 1])) / rows * correctionY;
          double width = Math.exp(grid[at + 2]) * ANCHORS[anchor][0] / columns * correctionX;
          double height = Math.exp(grid[at + 3]) * ANCHORS[anchor][1] / rows * correctionY;
          double left = centreX - width / 2;
          double top = centreY - height / 2;
          boxes.add(
              new float[] {
                (float) left, (float) top, (float) (left + width), (float) (top + height)
              });
          scores.add((float) score);
        }
      }
    }
    float[] scoreArray = new float[scores.size()];
    for (int i = 0; i < scoreArray.length; i++) {
      scoreArray[i] = scores.get(i);
    }
    List<Integer> kept =
        NonMaxSuppression.select(
            boxes.toArray(float[][]::new),
            scoreArray,
            options.minScore(),
            options.iouThreshold(),
            options.maxFaces());
    int imageWidth = input.image().width();
    int imageHeight = input.image().height();
    List<Detection> detections = new ArrayList<>(kept.size());
    for (int i : kept) {
      float[] box = boxes.get(i);
      detections.add(
          new Detection(
              scoreArray[i],
              box[0] * imageWidth,
              box[1] * imageHeight,
              (box[2] - box[0]) * imageWidth,
              (box[3] - box[1]) * imageHeight));
    }
    return detections;
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
