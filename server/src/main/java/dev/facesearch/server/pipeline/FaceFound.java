package dev.facesearch.server.pipeline;

import dev.facesearch.server.detect.Detection;
import dev.facesearch.server.detect.DetectorKind;

/**
 * A face found in an image.
 *
 * @param detection the detector's box and score, in image pixels
 * @param landmarks 136 values (x0, y0, ..., x67, y67) in image pixels
 * @param embedding the model's raw embedding, or null when only detection was asked for
 * @param detector the detector that found it: the one asked for, or the CNN fallback's
 */
public record FaceFound(
    Detection detection, float[] landmarks, float[] embedding, DetectorKind detector) {}
