package dev.facesearch.server.gallery;

/**
 * An enrolled face near a query.
 *
 * @param subjectId the subject the face belongs to
 * @param faceId the face
 * @param distance squared L2 distance from the query, computed exactly on the stored vector
 */
public record Match(String subjectId, String faceId, float distance) {}
