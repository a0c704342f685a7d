package dev.facesearch.models.dlib;

import java.util.SplittableRandom;

/**
 * A shape predictor made of seeded random values, in the flat layout of the compact file, that
 * writes itself in dlib's serialization. Its fields are open so that tests can break one.
 */
final class SyntheticShapeModel {
  final ShapePredictorLayout layout;
  int version = 1;
  final float[] initialShape;
  final float[] leaves;
  final int[] splitFeatures;
  final float[] thresholds;
  final int[] anchors;
  final float[] deltas;

  private SyntheticShapeModel(ShapePredictorLayout layout, SplittableRandom random) {
    this.layout = layout;
    int shape = 2 * layout.parts();
    int trees = layout.cascades() * layout.trees();
    initialShape = floats(random, shape);
    leaves = floats(random, trees * layout.leaves() * shape);
    splitFeatures = new int[trees * layout.splits() * 2];
    for (int i = 0; i < splitFeatures.length; i++) {
      splitFeatures[i] = random.nextInt(layout.features());
    }
    thresholds = floats(random, trees * layout.splits());
    anchors = new int[layout.cascades() * layout.features()];
    for (int i = 0; i < anchors.length; i++) {
      anchors[i] = random.nextInt(layout.parts());
    }
    deltas = floats(random, anchors.length * 2);
  }

  static SyntheticShapeModel random(ShapePredictorLayout layout, long seed) {
    return new SyntheticShapeModel(layout, new SplittableRandom(seed));
  }

  /** The model as dlib's {@code serialize(shape_predictor)} writes it. */
  byte[] toDlib() {
    DlibStreamWriter out = new DlibStreamWriter();
    out.integer(version);
    out.column(initialShape, true);
    int shape = 2 * layout.parts();
    out.integer(layout.cascades());
    for (int c = 0, tree = 0; c < layout.cascades(); c++) {
      out.integer(layout.trees());
      for (int t = 0; t < layout.trees(); t++, tree++) {
        out.integer(layout.splits());
        for (int s = tree * layout.splits(); s < (tree + 1) * layout.splits(); s++) {
          out.integer(splitFeatures[2 * s])
              .integer(splitFeatures[2 * s + 1])
              .floating(thresholds[s]);
        }
        out.integer(layout.leaves());
        for (int leaf = 0; leaf < layout.leaves(); leaf++) {
          float[] values = new float[shape];
          System.arraycopy(leaves, (tree * layout.leaves() + leaf) * shape, values, 0, shape);
          // Older dlib wrote plain dimensions; the reader must take both.
          out.column(values, leaf % 2 == 0);
        }
      }
    }
    out.integer(layout.cascades());
    for (int c = 0; c < layout.cascades(); c++) {
      out.integer(layout.features());
      for (int f = 0; f < layout.features(); f++) {
        out.integer(anchors[c * layout.features() + f]);
      }
    }
    out.integer(layout.cascades());
    for (int c = 0; c < layout.cascades(); c++) {
      out.integer(layout.features());
      for (int f = 0; f < 2 * layout.features(); f++) {
        out.floating(deltas[2 * c * layout.features() + f]);
      }
    }
    return out.toByteArray();
  }

  /**
   * Random finite floats over many magnitudes, with the awkward ones mixed in: zero, the smallest
   * subnormal, the largest float, and values whose mantissa ends in zero bytes.
   */
  private static float[] floats(SplittableRandom random, int n) {
    float[] values = new float[n];
    float[] awkward = {0f, Float.MIN_VALUE, -Float.MAX_VALUE, 0.5f, -3f, 1e-40f, 256f};
    for (int i = 0; i < n; i++) {
      values[i] =
          random.nextInt(10) == 0
              ? awkward[random.nextInt(awkward.length)]
              : (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-6, 4)));
    }
    return values;
  }
}
