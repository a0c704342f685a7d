package dev.facesearch.server.gallery;

/**
 * What enrolling one face did.
 *
 * @param faceId the face's id
 * @param created true if the face was written, false if it was enrolled already
 */
public record Enrollment(String faceId, boolean created) {}
