package dev.facesearch.bench.search;

import dev.facesearch.server.vector.Vectors;
import java.util.Random;

/**
 * Face-like unit vectors: each identity is a uniformly random unit direction, each photo that
 * direction plus isotropic Gaussian noise, scaled back to unit length.
 *
 * <p>The same model as the server tests' {@code FaceLikeVectors}: with the default noise of 0.072
 * per component at 128-D, a photo lies at squared L2 about 0.45 from its identity, two photos of
 * one identity about 0.8 apart and photos of different identities about 2.0 apart. Random 128-D
 * directions have the full intrinsic dimension, the hard case for a graph index.
 */
final class FaceLikeModel implements FaceModel {
  /** Per-component noise giving a squared distance of about 0.45 from the identity at 128-D. */
  static final double DEFAULT_NOISE = 0.072;

  private final int dimension;
  private final double noise;

  FaceLikeModel(int dimension, double noise) {
    if (dimension < 1 || !(noise >= 0)) {
      throw new IllegalArgumentException("dimension " + dimension + ", noise " + noise);
    }
    this.dimension = dimension;
    this.noise = noise;
  }

  FaceLikeModel() {
    this(128, DEFAULT_NOISE);
  }

  @Override
  public String name() {
    return "face-like";
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public float[] identity(Random random) {
    float[] direction = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      direction[i] = (float) random.nextGaussian();
    }
    return Vectors.toUnitLength(direction, dimension);
  }

  @Override
  public float[] rawPhoto(float[] identity, Random random) {
    float[] photo = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      photo[i] = (float) (identity[i] + noise * random.nextGaussian());
    }
    return photo;
  }
}
