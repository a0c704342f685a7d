package dev.facesearch.server.testing;

import dev.facesearch.api.v1.Embedding;
import dev.facesearch.api.v1.FaceInput;

/** Builds request parts for tests. */
public final class Protos {
  private Protos() {}

  public static FaceInput embedding(float[] values) {
    Embedding.Builder embedding = Embedding.newBuilder();
    for (float v : values) {
      embedding.addValues(v);
    }
    return FaceInput.newBuilder().setEmbedding(embedding).build();
  }
}
