package dev.facesearch.models.dlib;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Converts dlib 19.24's serialized frontal face detector ({@code dlib::serialize} of {@code
 * get_frontal_face_detector()}) into the compact file the server's HOG detector reads, doing at set
 * up time the one thing dlib does when it loads a detector: splitting each filter into rank-1 terms
 * ({@link SeparableFilters}), so that the server needs no SVD.
 *
 * <p>The compact file, little-endian throughout:
 *
 * <pre>
 *   8 bytes   magic "FSDLBHOG"
 *   int32     format version, 1
 *   int32     cell size in pixels (8)
 *   int32     filter width in cells, padding included (10)
 *   int32     filter height in cells, padding included (10)
 *   int32     padding in cells (0)
 *   int32     pyramid N: each level is (N-1)/N the size of the one before (6)
 *   int32     most pyramid levels (1000)
 *   int32     smallest layer width, then height, in pixels (64, 64)
 *   int32     feature planes (31)
 *   float64   overlap tester's IoU threshold, then its percent-covered threshold
 *   float64   nuclear norm regularization strength (training only; for the record)
 *   int32     number of filters (5)
 *   per filter:
 *     float64 threshold (the last value of dlib's weight vector)
 *     int32   number of rank-1 terms
 *     per term, in the order dlib adds them (plane, then largest singular value first):
 *       int32    plane
 *       float32  row taps (filter width of them), then column taps (filter height)
 * </pre>
 *
 * <p>Only the separable form is stored, because it is the one dlib convolves with: it uses the full
 * filters instead when a filter has more than {@code planes * min(width, height) / 3} terms, which
 * the frontal face detector's never do (54 to 66 of at most 103); such a detector is refused here.
 */
public final class HogDetectorConverter {
  /** The first 8 bytes of a compact file. */
  public static final String MAGIC = "FSDLBHOG";

  /** The layout version this class writes. */
  public static final int FORMAT_VERSION = 1;

  private static final int PLANES = 31;
  private static final int PYRAMID_N = 6;
  private static final int CELL_SIZE = 8;
  private static final int WINDOW = 80;
  private static final int FILTERS = 5;

  private HogDetectorConverter() {}

  /**
   * Parses, validates and converts.
   *
   * @param serializedDetector what {@code dlib::serialize(get_frontal_face_detector(), out)} writes
   * @return the compact file
   * @throws IllegalArgumentException when the bytes are not a dlib fHOG detector of the frontal
   *     face detector's shape
   */
  public static byte[] convert(byte[] serializedDetector) {
    Objects.requireNonNull(serializedDetector, "serializedDetector");
    SerializedHogDetector detector = SerializedHogDetector.parse(serializedDetector);
    int[] cells = validate(detector);
    int width = cells[0];
    int height = cells[1];
    List<List<SeparableFilters.Term>> filters = new ArrayList<>();
    for (int i = 0; i < detector.weights().size(); i++) {
      List<SeparableFilters.Term> terms =
          SeparableFilters.decompose(detector.weights().get(i), PLANES, height, width);
      if (terms.size() > PLANES * Math.min(width, height) / 3.0) {
        throw new IllegalArgumentException(
            "dlib detector: filter "
                + i
                + " has "
                + terms.size()
                + " rank-1 terms, so dlib would convolve it whole; only separable filters are"
                + " supported");
      }
      filters.add(terms);
    }
    return write(detector, width, height, filters);
  }

  /** Checks the shape against the frontal face detector's; returns the filter width and height. */
  private static int[] validate(SerializedHogDetector d) {
    if (d.cellSize() != CELL_SIZE) {
      throw new IllegalArgumentException(
          "dlib detector: cell size " + d.cellSize() + ", expected " + CELL_SIZE);
    }
    if (d.windowWidth() != WINDOW || d.windowHeight() != WINDOW) {
      throw new IllegalArgumentException(
          "dlib detector: detection window "
              + d.windowWidth()
              + "x"
              + d.windowHeight()
              + ", expected "
              + WINDOW
              + "x"
              + WINDOW);
    }
    if (d.padding() > 100) {
      throw new IllegalArgumentException("dlib detector: padding " + d.padding() + " cells");
    }
    if (d.weights().size() != FILTERS) {
      throw new IllegalArgumentException(
          "dlib detector: " + d.weights().size() + " filters, expected " + FILTERS);
    }
    if (d.maxPyramidLevels() < 1 || d.maxPyramidLevels() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "dlib detector: max pyramid levels " + d.maxPyramidLevels());
    }
    if (d.minPyramidLayerWidth() < 1
        || d.minPyramidLayerWidth() > Integer.MAX_VALUE
        || d.minPyramidLayerHeight() < 1
        || d.minPyramidLayerHeight() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "dlib detector: min pyramid layer "
              + d.minPyramidLayerWidth()
              + "x"
              + d.minPyramidLayerHeight());
    }
    if (!(d.iouThreshold() >= 0 && d.iouThreshold() <= 1)
        || !(d.percentCoveredThreshold() >= 0 && d.percentCoveredThreshold() <= 1)) {
      throw new IllegalArgumentException(
          "dlib detector: overlap thresholds "
              + d.iouThreshold()
              + ", "
              + d.percentCoveredThreshold()
              + " are not in [0, 1]");
    }
    int width = filterCells(d.windowWidth(), d.cellSize(), (int) d.padding());
    int height = filterCells(d.windowHeight(), d.cellSize(), (int) d.padding());
    long dims = (long) width * height * PLANES;
    if (d.dimensions() != dims) {
      throw new IllegalArgumentException(
          "dlib detector: "
              + d.dimensions()
              + " dimensions, expected "
              + width
              + "x"
              + height
              + "x"
              + PLANES
              + " = "
              + dims);
    }
    return new int[] {width, height};
  }

  /**
   * The filter size in cells, as dlib's {@code compute_fhog_window_size}: the window centred on 0,
   * mapped to fHOG cells (one pixel of image border, one cell of HOG border, C++ division toward
   * zero), grown by the padding.
   */
  static int filterCells(long windowPixels, int cellSize, int padding) {
    long first = -(windowPixels / 2);
    long last = first + windowPixels - 1;
    long firstCell = (first - 1) / cellSize - 1;
    long lastCell = (last - 1) / cellSize - 1;
    return (int) (lastCell - firstCell + 1 + 2L * padding);
  }

  private static byte[] write(
      SerializedHogDetector d, int width, int height, List<List<SeparableFilters.Term>> filters) {
    int size = 8 + 4 * 10 + 8 * 3 + 4;
    for (List<SeparableFilters.Term> terms : filters) {
      size += 8 + 4 + terms.size() * (4 + 4 * (width + height));
    }
    ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC.getBytes(StandardCharsets.US_ASCII));
    out.putInt(FORMAT_VERSION);
    out.putInt(d.cellSize());
    out.putInt(width);
    out.putInt(height);
    out.putInt((int) d.padding());
    out.putInt(PYRAMID_N);
    out.putInt((int) d.maxPyramidLevels());
    out.putInt((int) d.minPyramidLayerWidth());
    out.putInt((int) d.minPyramidLayerHeight());
    out.putInt(PLANES);
    out.putDouble(d.iouThreshold());
    out.putDouble(d.percentCoveredThreshold());
    out.putDouble(d.nuclearNormStrength());
    out.putInt(filters.size());
    for (int i = 0; i < filters.size(); i++) {
      double[] weights = d.weights().get(i);
      out.putDouble(weights[weights.length - 1]);
      out.putInt(filters.get(i).size());
      for (SeparableFilters.Term term : filters.get(i)) {
        out.putInt(term.plane());
        for (float tap : term.row()) {
          out.putFloat(tap);
        }
        for (float tap : term.column()) {
          out.putFloat(tap);
        }
      }
    }
    assert !out.hasRemaining();
    return out.array();
  }
}
