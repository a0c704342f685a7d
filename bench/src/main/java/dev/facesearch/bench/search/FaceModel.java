package dev.facesearch.bench.search;

import dev.facesearch.server.vector.Vectors;
import java.util.Random;

/**
 * A generative model of face embeddings: identities, and photos of an identity.
 *
 * <p>A photo is drawn raw (as a model would output it) and then scaled to unit length, as the
 * server stores every embedding.
 */
interface FaceModel {
  /** Short name for tables, e.g. "face-like". */
  String name();

  /** Values per embedding. */
  int dimension();

  /** A new identity: the centre its photos scatter around (not necessarily unit length). */
  float[] identity(Random random);

  /** A new photo of an identity, before scaling to unit length. */
  float[] rawPhoto(float[] identity, Random random);

  /** A new photo of an identity, at unit length: what the gallery stores and is queried with. */
  default float[] photo(float[] identity, Random random) {
    return Vectors.toUnitLength(rawPhoto(identity, random), dimension());
  }
}
