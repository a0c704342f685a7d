/**
 * dlib's models at set-up time. {@link dev.facesearch.models.dlib.ShapePredictorConverter} reads
 * dlib's portable serialization of a {@code shape_predictor} (Kazemi and Sullivan's cascade of
 * regression trees: an initial mean shape, then per cascade a forest of depth-limited trees whose
 * splits compare two feature pixels and whose leaves are shape increments, and the feature pixels
 * themselves as offsets from a landmark of the mean shape) through {@link
 * dev.facesearch.models.dlib.DlibStreamInput}, checks it against a {@link
 * dev.facesearch.models.dlib.ShapePredictorLayout}, and writes it as flat little-endian arrays that
 * the server reads in one go.
 */
package dev.facesearch.models.dlib;
