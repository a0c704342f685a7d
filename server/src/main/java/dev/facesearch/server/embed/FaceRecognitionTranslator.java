package dev.facesearch.server.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import dev.facesearch.server.image.RgbImage;
import java.util.ArrayList;
import java.util.List;

/**
 * FaceRecognitionNet's translator: aligned 150x150 RGB face chips in, their 128-D descriptors out,
 * in one batch. The model's graph does its own normalisation (models.json says so), so chips go in
 * as 0-255 values. The batch tensor is built here because ONNX Runtime's NDArrays cannot stack.
 */
final class FaceRecognitionTranslator
    implements NoBatchifyTranslator<List<RgbImage>, List<float[]>> {
  static final String MODEL = "face_recognition";
  static final int SIZE = 150;
  private static final int DIMENSION = 128;

  @Override
  public NDList processInput(TranslatorContext context, List<RgbImage> chips) {
    int pixels = SIZE * SIZE * 3;
    float[] batch = new float[chips.size() * pixels];
    for (int i = 0; i < chips.size(); i++) {
      RgbImage chip = chips.get(i);
      if (chip.width() != SIZE || chip.height() != SIZE) {
        throw new IllegalArgumentException(
            "a face chip is " + SIZE + "x" + SIZE + ", got " + chip.width() + "x" + chip.height());
      }
      System.arraycopy(chip.toFloats(), 0, batch, i * pixels, pixels);
    }
    return new NDList(context.getNDManager().create(batch, new Shape(chips.size(), SIZE, SIZE, 3)));
  }

  @Override
  public List<float[]> processOutput(TranslatorContext context, NDList outputs) {
    NDArray descriptors = outputs.getFirst();
    float[] all = descriptors.toFloatArray();
    List<float[]> result = new ArrayList<>(all.length / DIMENSION);
    for (int offset = 0; offset < all.length; offset += DIMENSION) {
      float[] one = new float[DIMENSION];
      System.arraycopy(all, offset, one, 0, DIMENSION);
      result.add(one);
    }
    return result;
  }
}
