package dev.facesearch.server.gallery;

import java.util.Objects;

/**
 * A face to enroll.
 *
 * @param vector its unit-length embedding
 * @param contentHash SHA-256 (hex) of the input the embedding was made from
 */
public record NewFace(float[] vector, String contentHash) {
  public NewFace {
    Objects.requireNonNull(vector, "vector");
    Objects.requireNonNull(contentHash, "contentHash");
  }
}
