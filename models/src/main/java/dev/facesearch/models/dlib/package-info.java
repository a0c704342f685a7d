/**
 * dlib 19.24's HOG frontal face detector, converted at set-up time into a compact file for the
 * server's pure-Java detector ({@code dev.facesearch.server.detect.hog}).
 *
 * <p>{@link dev.facesearch.models.dlib.HogDetectorConverter} takes the bytes {@code
 * dlib::serialize(get_frontal_face_detector(), out)} writes: {@code SerializedHogDetector} reads
 * them with {@code DlibInput} (dlib's portable integer and {@code float_details} encodings), checks
 * the shape (cell size 8, an 80x80 pixel window, so 10x10-cell filters of 31 fHOG planes, five
 * filters), and does the one computation dlib does when it loads a detector: {@code
 * SeparableFilters} splits each filter plane by {@code GolubReinschSvd}, the same SVD with the same
 * double arithmetic as dlib's own (built without LAPACK), into the rank-1 row and column filters
 * dlib convolves with, rounded to float as dlib rounds them. The output has them bit for bit as
 * dlib holds them in memory, so the server needs neither dlib's file format nor an SVD.
 */
package dev.facesearch.models.dlib;
