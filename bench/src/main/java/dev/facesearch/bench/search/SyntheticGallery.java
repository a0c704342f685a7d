package dev.facesearch.bench.search;

import java.util.Random;

/**
 * A seeded synthetic gallery: enrolled faces, a fixed number per identity, and queries that are new
 * photos of enrolled identities (so the right answer to a query is its identity).
 *
 * @param model the model the faces were drawn from
 * @param faces enrolled unit vectors; face {@code i} is photo {@code i % perIdentity} of identity
 *     {@code i / perIdentity}
 * @param faceIdentity identity of each enrolled face
 * @param queries unit vectors, each a photo not enrolled
 * @param queryIdentity identity of each query
 */
record SyntheticGallery(
    FaceModel model, float[][] faces, int[] faceIdentity, float[][] queries, int[] queryIdentity) {

  static SyntheticGallery generate(
      FaceModel model, int faceCount, int perIdentity, int queryCount, long seed) {
    if (faceCount < 1 || perIdentity < 1 || queryCount < 1) {
      throw new IllegalArgumentException(
          faceCount + " faces, " + perIdentity + " per identity, " + queryCount + " queries");
    }
    Random random = new Random(seed);
    int identities = (faceCount + perIdentity - 1) / perIdentity;
    float[][] centres = new float[identities][];
    for (int i = 0; i < identities; i++) {
      centres[i] = model.identity(random);
    }
    float[][] faces = new float[faceCount][];
    int[] faceIdentity = new int[faceCount];
    for (int f = 0; f < faceCount; f++) {
      faceIdentity[f] = f / perIdentity;
      faces[f] = model.photo(centres[faceIdentity[f]], random);
    }
    float[][] queries = new float[queryCount][];
    int[] queryIdentity = new int[queryCount];
    for (int q = 0; q < queryCount; q++) {
      queryIdentity[q] = random.nextInt(identities);
      queries[q] = model.photo(centres[queryIdentity[q]], random);
    }
    return new SyntheticGallery(model, faces, faceIdentity, queries, queryIdentity);
  }

  int size() {
    return faces.length;
  }

  int identityCount() {
    return faceIdentity[faceIdentity.length - 1] + 1;
  }

  int dimension() {
    return model.dimension();
  }

  String faceId(int face) {
    return "f" + face;
  }

  String subjectId(int face) {
    return "s" + faceIdentity[face];
  }

  /** The face index of an id made by {@link #faceId}. */
  static int faceOf(String faceId) {
    return Integer.parseInt(faceId, 1, faceId.length(), 10);
  }
}
