package dev.facesearch.server.landmark;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import dev.facesearch.server.image.RgbImage;
import dev.facesearch.server.image.SquareInput;
import java.util.ArrayList;
import java.util.List;

/**
 * The 68-point landmark nets' translator. In: face crops of any size, each padded centred to a
 * square and resized to 112 (face-api's way), all in one batch. Out: per crop, 136 values (x0, y0,
 * x1, y1, ...) relative to the padded square, as the net gives them.
 */
final class FaceLandmarkTranslator implements NoBatchifyTranslator<List<RgbImage>, List<float[]>> {
  static final int SIZE = 112;
  static final int VALUES = 136;

  @Override
  public NDList processInput(TranslatorContext context, List<RgbImage> crops) {
    int pixels = SIZE * SIZE * 3;
    float[] batch = new float[crops.size() * pixels];
    for (int i = 0; i < crops.size(); i++) {
      System.arraycopy(SquareInput.of(crops.get(i), SIZE, true), 0, batch, i * pixels, pixels);
    }
    return new NDList(context.getNDManager().create(batch, new Shape(crops.size(), SIZE, SIZE, 3)));
  }

  @Override
  public List<float[]> processOutput(TranslatorContext context, NDList outputs) {
    float[] all = outputs.getFirst().toFloatArray();
    List<float[]> result = new ArrayList<>(all.length / VALUES);
    for (int offset = 0; offset < all.length; offset += VALUES) {
      float[] one = new float[VALUES];
      System.arraycopy(all, offset, one, 0, VALUES);
      result.add(one);
    }
    return result;
  }
}
