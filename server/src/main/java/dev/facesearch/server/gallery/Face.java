package dev.facesearch.server.gallery;

import java.time.Instant;
import java.util.Map;

/**
 * An enrolled face, without its vector.
 *
 * @param faceId the face's id
 * @param subjectId the subject it belongs to
 * @param contentHash SHA-256 (hex) of the input it was made from
 * @param createTime when it was enrolled
 * @param metadata what the caller attached to it
 */
public record Face(
    String faceId,
    String subjectId,
    String contentHash,
    Instant createTime,
    Map<String, String> metadata) {
  public Face {
    metadata = Map.copyOf(metadata);
  }
}
