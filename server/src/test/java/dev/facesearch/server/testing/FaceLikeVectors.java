package dev.facesearch.server.testing;

import java.util.Random;

/**
 * Seeded synthetic embeddings that behave like faces: each identity is a random unit direction, and
 * each photo of it is that direction plus Gaussian noise, scaled back to unit length.
 *
 * <p>With the default noise, a photo lies at squared L2 distance about 0.45 from its identity
 * direction, two photos of one identity about 0.8 apart, and photos of different identities about
 * 2.0 apart: about the spread of real embeddings of one person's photos.
 */
public final class FaceLikeVectors {
  /** Per-component noise giving a squared distance of about 0.45 from the identity at 128-D. */
  public static final double DEFAULT_NOISE = 0.072;

  private final int dimension;
  private final double noise;
  private final Random random;

  public FaceLikeVectors(long seed, int dimension, double noise) {
    this.dimension = dimension;
    this.noise = noise;
    this.random = new Random(seed);
  }

  public FaceLikeVectors(long seed) {
    this(seed, 128, DEFAULT_NOISE);
  }

  /** A new identity: a uniformly random unit direction. */
  public float[] identity() {
    float[] direction = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      direction[i] = (float) random.nextGaussian();
    }
    return unit(direction);
  }

  /** A new photo of an identity: the direction plus noise, at unit length. */
  public float[] view(float[] identity) {
    float[] view = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      view[i] = (float) (identity[i] + noise * random.nextGaussian());
    }
    return unit(view);
  }

  private static float[] unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (v[i] / norm);
    }
    return v;
  }

  /** Plain squared L2 distance, independent of the code under test. */
  public static double squareDistance(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      sum += d * d;
    }
    return sum;
  }
}
