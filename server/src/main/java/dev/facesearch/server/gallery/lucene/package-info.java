/**
 * The embedded gallery on Lucene: one index per collection, HNSW over the face vectors.
 *
 * <p>Layout: {@code <data>/collections/<name>/} is a plain Lucene index. Each face is one document
 * ({@link dev.facesearch.server.gallery.lucene.FaceSchema}); the collection's settings live in the
 * user data of every commit, so settings and faces change atomically together.
 *
 * <p>Durability: a write returns only after an IndexWriter commit (fsync) that includes it.
 * Concurrent writers share commits ({@link dev.facesearch.server.gallery.lucene.GroupCommitter}),
 * so throughput grows with concurrency while each acknowledged face survives {@code kill -9}.
 *
 * <p>Purging: a delete marks documents deleted, then {@code forceMergeDeletes} rewrites the
 * segments that held them (the merge policy allows 0% deletes), then commits. Lucene removes the
 * old segment files once no commit and no open searcher refers to them, so the deleted vectors and
 * stored fields leave the disk, not only the search results.
 *
 * <p>Search: for galleries of more than {@code exactSearchMaxFaces} faces, {@code
 * KnnFloatVectorQuery} walks each segment's HNSW graph with at least {@code searchCandidates}
 * candidates; smaller galleries are scanned exactly. Reported distances are always recomputed from
 * the stored float vectors, and hits are collapsed to the nearest face per subject.
 */
package dev.facesearch.server.gallery.lucene;
