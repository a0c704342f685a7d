/**
 * The image pipeline benchmark (per-stage latency and images per second, without gRPC), the photos
 * it runs on, made in memory from the shared photos, and where the harness finds its files.
 *
 * <p>Beside it, {@link dev.facesearch.bench.pipeline.DlibNativeTiming} times dlib's own C++ HOG
 * detector and shape predictor on the same decoded photos, with the program the golden fixture
 * comes from ({@code server/src/test/dlib/dlib_faces.cpp}), built against an installed dlib or
 * Debian's package; when something it needs is missing it says what, for a note in place of the
 * figures.
 */
package dev.facesearch.bench.pipeline;
