/**
 * The gallery: enrolled faces per collection, and nearest-neighbour search over them.
 *
 * <p>{@link dev.facesearch.server.gallery.Gallery} is what the rest of the server sees; the
 * embedded implementation, one Lucene index per collection, is in {@code gallery.lucene}. A face is
 * a unit-length embedding with its subject id, a face id derived from the subject and the input's
 * content hash, the time it was enrolled and the caller's metadata.
 */
package dev.facesearch.server.gallery;
