package dev.facesearch.server.embed;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import dev.facesearch.server.image.RgbImage;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenFace nn4.small2.v1's translator: aligned 96x96 RGB chips in, their 128-D unit embeddings out.
 * This model keeps the original's input convention (models.json says so): NCHW, RGB scaled to [0,
 * 1].
 */
final class OpenFaceTranslator implements NoBatchifyTranslator<List<RgbImage>, List<float[]>> {
  static final String MODEL = "openface_nn4_small2_v1";
  static final int SIZE = 96;
  private static final int DIMENSION = 128;

  @Override
  public NDList processInput(TranslatorContext context, List<RgbImage> chips) {
    int plane = SIZE * SIZE;
    float[] batch = new float[chips.size() * 3 * plane];
    for (int i = 0; i < chips.size(); i++) {
      RgbImage chip = chips.get(i);
      if (chip.width() != SIZE || chip.height() != SIZE) {
        throw new IllegalArgumentException(
            "an OpenFace chip is "
                + SIZE
                + "x"
                + SIZE
                + ", got "
                + chip.width()
                + "x"
                + chip.height());
      }
      byte[] pixels = chip.pixels();
      int base = i * 3 * plane;
      for (int p = 0; p < plane; p++) {
        for (int c = 0; c < 3; c++) {
          batch[base + c * plane + p] = Byte.toUnsignedInt(pixels[p * 3 + c]) / 255f;
        }
      }
    }
    return new NDList(context.getNDManager().create(batch, new Shape(chips.size(), 3, SIZE, SIZE)));
  }

  @Override
  public List<float[]> processOutput(TranslatorContext context, NDList outputs) {
    float[] all = outputs.getFirst().toFloatArray();
    List<float[]> result = new ArrayList<>(all.length / DIMENSION);
    for (int offset = 0; offset < all.length; offset += DIMENSION) {
      float[] one = new float[DIMENSION];
      System.arraycopy(all, offset, one, 0, DIMENSION);
      result.add(one);
    }
    return result;
  }
}
