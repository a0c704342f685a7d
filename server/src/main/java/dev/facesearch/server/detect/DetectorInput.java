package dev.facesearch.server.detect;

import dev.facesearch.server.image.RgbImage;

/**
 * What a detector's translator takes: the image and the options for this call.
 *
 * @param image the image
 * @param options the options
 */
record DetectorInput(RgbImage image, DetectionOptions options) {}
