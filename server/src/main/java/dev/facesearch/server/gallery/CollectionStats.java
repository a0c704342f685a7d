package dev.facesearch.server.gallery;

/**
 * How much a collection holds.
 *
 * @param faces enrolled faces
 * @param subjects distinct subjects with at least one face
 * @param sizeBytes bytes of the collection's files on disk
 * @param segments index segments each search visits (one graph search each)
 */
public record CollectionStats(long faces, long subjects, long sizeBytes, int segments) {}
