package dev.facesearch.bench.load;

import java.util.Random;

/**
 * A distribution of synthetic face embeddings: identities, and photos of an identity. Photos are
 * unit length, as the server stores them.
 */
public interface FaceVectors {
  /** What the distribution is, for tables. */
  String description();

  /** A new identity (not a photo: not necessarily unit length). */
  float[] identity(Random random);

  /** A new unit-length photo of the identity. */
  float[] photo(float[] identity, Random random);

  /** A copy of v scaled to unit length. */
  static float[] unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    float[] u = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      u[i] = (float) (v[i] / norm);
    }
    return u;
  }
}
