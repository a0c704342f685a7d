package dev.facesearch.bench.load;

import java.util.Random;

/**
 * The worst case for HNSW: each identity a uniformly random 128-D unit direction, each photo that
 * direction plus Gaussian noise (0.072 per component: about 0.45 squared L2 from the identity, 0.8
 * between two photos of one identity, 2.0 between identities). The server's tests draw the same
 * kind of vectors ({@code FaceLikeVectors}); real embeddings have far fewer effective dimensions.
 */
public final class IsotropicFaces implements FaceVectors {
  private static final int DIMENSION = 128;
  private static final double NOISE = 0.072;

  @Override
  public String description() {
    return "isotropic random 128-D identities + noise (worst case)";
  }

  @Override
  public float[] identity(Random random) {
    float[] direction = new float[DIMENSION];
    for (int i = 0; i < DIMENSION; i++) {
      direction[i] = (float) random.nextGaussian();
    }
    return FaceVectors.unit(direction);
  }

  @Override
  public float[] photo(float[] identity, Random random) {
    float[] photo = new float[DIMENSION];
    for (int i = 0; i < DIMENSION; i++) {
      photo[i] = (float) (identity[i] + NOISE * random.nextGaussian());
    }
    return FaceVectors.unit(photo);
  }
}
