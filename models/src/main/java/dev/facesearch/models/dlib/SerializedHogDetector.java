package dev.facesearch.models.dlib;

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

  /** Parses the bytes; every value is checked for range, and trailing bytes are refused. */
  static SerializedHogDetector parse(byte[] bytes) {
    DlibInput in = new DlibInput(bytes);
    int version = in.readInt("object_detector version");
    if (version != 1 && version != 2) {
      throw in.error(0, "object_detector version", "unsupported version " + version);
    }
    int scannerStart = in.position();
    int scannerVersion = in.readInt("scan_fhog_pyramid version");
    if (scannerVersion != 1) {
      throw in.error(scannerStart, "scan_fhog_pyramid version", "unsupported " + scannerVersion);
    }
    int featsStart = in.position();
    in.readUnsignedLong("cached feature pyramid max size");
    long cachedLevels = in.readUnsignedLong("cached feature pyramid size");
    if (cachedLevels != 0) {
      throw in.error(featsStart, "cached feature pyramid", "a saved detector carries none");
    }
    int cellSize = in.readInt("cell size");
    long padding = in.readUnsignedLong("padding");
    long windowWidth = in.readUnsignedLong("window width");
    long windowHeight = in.readUnsignedLong("window height");
    long maxLevels = in.readUnsignedLong("max pyramid levels");
    long minWidth = in.readUnsignedLong("min pyramid layer width");
    long minHeight = in.readUnsignedLong("min pyramid layer height");
    double nuclearNorm = in.readDouble("nuclear norm regularization strength");
    int dimsStart = in.position();
    long dims = in.readLong("dimensions");
    if (dims <= 0 || dims > MAX_DIMENSIONS) {
      throw in.error(dimsStart, "dimensions", "out of range: " + dims);
    }
    List<double[]> weights = new ArrayList<>();
    double iou;
    double covered;
    if (version == 1) {
      weights.add(readWeights(in, dims));
      iou = in.readDouble("overlap IoU threshold");
      covered = in.readDouble("overlap percent-covered threshold");
    } else {
      iou = in.readDouble("overlap IoU threshold");
      covered = in.readDouble("overlap percent-covered threshold");
      int countStart = in.position();
      long count = in.readUnsignedLong("number of weight vectors");
      if (count == 0 || count > MAX_DETECTORS) {
        throw in.error(countStart, "number of weight vectors", "out of range: " + count);
      }
      for (long i = 0; i < count; i++) {
        weights.add(readWeights(in, dims));
      }
    }
    if (!in.atEnd()) {
      throw in.error(in.position(), "end of detector", "unexpected trailing bytes");
    }
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

  private static double[] readWeights(DlibInput in, long dims) {
    int start = in.position();
    long rows = Math.abs(in.readLong("weight vector rows"));
    long cols = Math.abs(in.readLong("weight vector columns"));
    if (cols != 1 || rows != dims + 1) {
      throw in.error(
          start,
          "weight vector",
          "expected " + (dims + 1) + "x1 (the filter and its threshold), got " + rows + "x" + cols);
    }
    double[] w = new double[(int) rows];
    for (int i = 0; i < w.length; i++) {
      w[i] = in.readDouble("weight " + i);
      if (!Double.isFinite(w[i])) {
        throw in.error(in.position(), "weight " + i, "not finite: " + w[i]);
      }
    }
    return w;
  }
}
