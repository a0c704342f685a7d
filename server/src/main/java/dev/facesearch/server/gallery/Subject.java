package dev.facesearch.server.gallery;

import java.util.List;

/**
 * A subject of a collection.
 *
 * @param subjectId the subject's id
 * @param faceCount how many faces it has
 * @param faces its faces, oldest first, at most {@link #MAX_FACES_LISTED}; empty in listings
 */
public record Subject(String subjectId, int faceCount, List<Face> faces) {
  /** Most faces a subject lists. */
  public static final int MAX_FACES_LISTED = 1000;

  public Subject {
    faces = List.copyOf(faces);
  }
}
