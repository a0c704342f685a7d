package dev.facesearch.models.dlib;

/**
 * The dimensions of a dlib shape predictor: how many landmarks, cascades, trees per cascade, tree
 * depth and pixel features per cascade. The converter checks a model against one of these and
 * writes it into the compact file's header.
 *
 * @param parts landmarks (the shape has twice as many floats)
 * @param cascades cascade levels, each with its own feature pixels and forest
 * @param trees regression trees per cascade
 * @param depth levels of splits in every tree: {@code 2^depth - 1} splits and {@code 2^depth}
 *     leaves
 * @param features feature pixels per cascade
 */
public record ShapePredictorLayout(int parts, int cascades, int trees, int depth, int features) {
  /** {@code shape_predictor_68_face_landmarks.dat}: 68 points, 15 x 500 trees of depth 4, 500. */
  public static final ShapePredictorLayout DLIB_68 = new ShapePredictorLayout(68, 15, 500, 4, 500);

  public ShapePredictorLayout {
    if (parts <= 0 || cascades <= 0 || trees <= 0 || features <= 0) {
      throw new IllegalArgumentException(
          "dimensions must be positive: " + dimensions(parts, cascades, trees, depth, features));
    }
    if (depth < 1 || depth > 16) {
      throw new IllegalArgumentException("depth must be 1 to 16, got " + depth);
    }
    long leafFloats = (long) cascades * trees * (1L << depth) * parts * 2;
    if (leafFloats > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "too large for flat arrays: " + leafFloats + " leaf values");
    }
  }

  /** Splits per tree. */
  public int splits() {
    return (1 << depth) - 1;
  }

  /** Leaves per tree. */
  public int leaves() {
    return 1 << depth;
  }

  private static String dimensions(int parts, int cascades, int trees, int depth, int features) {
    return parts
        + " parts, "
        + cascades
        + " cascades, "
        + trees
        + " trees, depth "
        + depth
        + ", "
        + features
        + " features";
  }

  @Override
  public String toString() {
    return dimensions(parts, cascades, trees, depth, features);
  }
}
