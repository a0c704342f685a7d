package dev.facesearch.server.core;

import java.util.Objects;

/** One input face: an encoded image, or an embedding computed by the caller. */
public sealed interface FaceInput {

  /**
   * An encoded image.
   *
   * @param bytes the file's bytes
   */
  record Image(byte[] bytes) implements FaceInput {
    public Image {
      Objects.requireNonNull(bytes, "bytes");
    }
  }

  /**
   * An embedding, not yet checked or scaled.
   *
   * @param values its values
   */
  record Embedding(float[] values) implements FaceInput {
    public Embedding {
      Objects.requireNonNull(values, "values");
    }
  }
}
