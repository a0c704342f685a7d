package dev.facesearch.server.gallery;

/**
 * How much a collection holds.
 *
 * @param faces enrolled faces
 * @param subjects distinct subjects with at least one face
 * @param sizeBytes bytes of the collection's files on disk
 */
public record CollectionStats(long faces, long subjects, long sizeBytes) {}
