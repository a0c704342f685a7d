package dev.facesearch.models.dlib;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code dlib::serialize} writes for an {@code object_detector<scan_fhog_pyramid<...>>}, read
 * back as plain values (dlib 19.24's {@code object_detector.h}, {@code scan_fhog_pyramid.h}, {@code
 * box_overlap_testing.h} and the matrix serialization of {@code matrix.h}).
 *
 * <p>In order: the detector's format version (2; version 1 put the single weight vector before the
 * overlap tester); the scanner: its version (1), the feature extractor (nothing for the default
 * fHOG extractor), the cached feature pyramid as a {@code dlib::array} (a max size and a size, both
 * 0 in a saved detector), {@code int} cell size, then as {@code unsigned long} the padding in
 * cells, the detection window's width and height in pixels, the maximum number of pyramid levels
 * and the smallest layer's width and height, then the nuclear norm regularization strength (a
 * double used in training only) and the number of feature dimensions as a {@code long}; the overlap
 * tester's IoU and percent-covered thresholds (doubles); the number of weight vectors; and each
 * weight vector as a matrix: rows and columns as {@code long} (negated in the current format), then
 * the doubles, row by row. Each weight vector holds one filter of {@code dims} values followed by
 * its threshold.
 *
 * @param cellSize fHOG cell size in pixels
 * @param padding cells of padding around the detection window in the filters
 * @param windowWidth detection window width in pixels
 * @param windowHeight detection window height in pixels
 * @param maxPyramidLevels most pyramid levels scanned
 * @param minPyramidLayerWidth no layer narrower than this is scanned (pixels)
 * @param minPyramidLayerHeight no layer shorter than this is scanned (pixels)
 * @param nuclearNormStrength the training regularization, kept for the record
 * @param dimensions values per filter (filter width x height x planes)
 * @param iouThreshold the overlap tester's intersection-over-union threshold
 * @param percentCoveredThreshold the overlap tester's percent-covered threshold
 * @param weights one vector per filter: {@code dimensions} filter values, then the threshold
 */
record SerializedHogDetector(
    int cellSize,
    long padding,
    long windowWidth,
    long windowHeight,
    long maxPyramidLevels,
    long minPyramidLayerWidth,
    long minPyramidLayerHeight,
    double nuclearNormStrength,
    long dimensions,
    double iouThreshold,
    double percentCoveredThreshold,
    List<double[]> weights) {

  /** Limits that keep a corrupt file from asking for gigabytes. */
  private static final long MAX_DETECTORS = 1000;

  private static final long MAX_DIMENSIONS = 1 << 24;

  /**
   * Parses the bytes; every value is checked for range, and trailing bytes are refused.
   *
   * @throws IllegalArgumentException naming the value and its byte offset when they are not a
   *     serialized fHOG detector
   */
  static SerializedHogDetector parse(byte[] bytes) {
    try {
      return read(new DlibStreamInput(new ByteArrayInputStream(bytes)));
    } catch (IOException e) {
      throw new IllegalArgumentException("dlib detector: " + e.getMessage(), e);
    }
  }

  private static SerializedHogDetector read(DlibStreamInput in) throws IOException {
    int version = in.readInt();
    if (version != 1 && version != 2) {
      throw in.format(0, "unsupported object_detector version " + version);
    }
    long at = in.offset();
    int scannerVersion = in.readInt();
    if (scannerVersion != 1) {
      throw in.format(at, "unsupported scan_fhog_pyramid version " + scannerVersion);
    }
    at = in.offset();
    in.readUnsignedLong(); // the cached feature pyramid's max size
    if (in.readUnsignedLong() != 0) {
      throw in.format(at, "a cached feature pyramid, which a saved detector does not carry");
    }
    int cellSize = in.readInt();
    long padding = in.readUnsignedLong();
    long windowWidth = in.readUnsignedLong();
    long windowHeight = in.readUnsignedLong();
    long maxLevels = in.readUnsignedLong();
    long minWidth = in.readUnsignedLong();
    long minHeight = in.readUnsignedLong();
    double nuclearNorm = in.readDouble();
    at = in.offset();
    long dims = in.readLong();
    if (dims <= 0 || dims > MAX_DIMENSIONS) {
      throw in.format(at, "dimensions out of range: " + dims);
    }
    List<double[]> weights = new ArrayList<>();
    double iou;
    double covered;
    if (version == 1) {
      weights.add(readWeights(in, dims));
      iou = in.readDouble();
      covered = in.readDouble();
    } else {
      iou = in.readDouble();
      covered = in.readDouble();
      at = in.offset();
      long count = in.readUnsignedLong();
      if (count == 0 || count > MAX_DETECTORS) {
        throw in.format(at, "number of weight vectors out of range: " + count);
      }
      for (long i = 0; i < count; i++) {
        weights.add(readWeights(in, dims));
      }
    }
    in.expectEnd();
    return new SerializedHogDetector(
        cellSize,
        padding,
        windowWidth,
        windowHeight,
        maxLevels,
        minWidth,
        minHeight,
        nuclearNorm,
        dims,
        iou,
        covered,
        List.copyOf(weights));
  }

  private static double[] readWeights(DlibStreamInput in, long dims) throws IOException {
    long at = in.offset();
    long rows = Math.abs(in.readLong());
    long cols = Math.abs(in.readLong());
    if (cols != 1 || rows != dims + 1) {
      throw in.format(
          at,
          "weight vector of "
              + rows
              + "x"
              + cols
              + ", expected "
              + (dims + 1)
              + "x1 (the filter and its threshold)");
    }
    double[] w = new double[(int) rows];
    for (int i = 0; i < w.length; i++) {
      at = in.offset();
      w[i] = in.readDouble();
      if (!Double.isFinite(w[i])) {
        throw in.format(at, "weight " + i + " is " + w[i]);
      }
    }
    return w;
  }
}
