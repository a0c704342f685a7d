package dev.facesearch.server.detect.hog;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The detector settings and filters, read from the compact file that the models module's {@code
 * HogDetectorConverter} writes (its Javadoc has the layout): everything dlib's {@code
 * object_detector<scan_fhog_pyramid<pyramid_down<6>>>} uses at detection time. Immutable.
 */
final class HogModel {
  static final String MAGIC = "FSDLBHOG";
  static final int FORMAT_VERSION = 1;
  static final int PLANES = 31;

  /** One rank-1 term of a filter: {@code plane} convolved with {@code row} then {@code column}. */
  record Term(int plane, float[] row, float[] column) {}

  /** One filter: its terms in dlib's order and the threshold its score is measured from. */
  record Filter(double threshold, List<Term> terms) {}

  final int cellSize;
  final int filterWidth;
  final int filterHeight;
  final int padding;
  final int pyramidN;
  final int maxPyramidLevels;
  final int minLayerWidth;
  final int minLayerHeight;
  final double iouThreshold;
  final double coveredThreshold;
  final List<Filter> filters;

  private HogModel(ByteBuffer in) {
    byte[] magic = new byte[MAGIC.length()];
    in.get(magic);
    if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
      throw new IllegalArgumentException("not a compact dlib HOG detector (bad magic)");
    }
    int version = in.getInt();
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "compact dlib HOG detector version " + version + ", this server reads " + FORMAT_VERSION);
    }
    cellSize = positive(in.getInt(), "cell size", 64);
    filterWidth = positive(in.getInt(), "filter width", 256);
    filterHeight = positive(in.getInt(), "filter height", 256);
    padding = in.getInt();
    if (padding < 0 || 2 * padding >= Math.min(filterWidth, filterHeight)) {
      throw new IllegalArgumentException("padding " + padding + " does not fit the filter");
    }
    pyramidN = in.getInt();
    if (pyramidN != 6) {
      throw new IllegalArgumentException("pyramid_down<" + pyramidN + ">: only 6 is supported");
    }
    maxPyramidLevels = positive(in.getInt(), "max pyramid levels", Integer.MAX_VALUE);
    minLayerWidth = positive(in.getInt(), "min layer width", Integer.MAX_VALUE);
    minLayerHeight = positive(in.getInt(), "min layer height", Integer.MAX_VALUE);
    int planes = in.getInt();
    if (planes != PLANES) {
      throw new IllegalArgumentException(planes + " feature planes, fHOG has " + PLANES);
    }
    iouThreshold = unit(in.getDouble(), "IoU threshold");
    coveredThreshold = unit(in.getDouble(), "percent-covered threshold");
    in.getDouble(); // the nuclear norm strength: training only
    int count = positive(in.getInt(), "number of filters", 1000);
    List<Filter> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(readFilter(in, i));
    }
    if (in.hasRemaining()) {
      throw new IllegalArgumentException(in.remaining() + " bytes after the last filter");
    }
    filters = List.copyOf(list);
  }

  /** Parses a compact file; {@link IllegalArgumentException} when it is malformed or truncated. */
  static HogModel parse(byte[] bytes) {
    try {
      return new HogModel(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("compact dlib HOG detector is truncated", e);
    }
  }

  /** The detection box in cells: the filter without its padding. */
  int boxWidthCells() {
    return filterWidth - 2 * padding;
  }

  int boxHeightCells() {
    return filterHeight - 2 * padding;
  }

  private Filter readFilter(ByteBuffer in, int index) {
    double threshold = in.getDouble();
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("filter " + index + ": threshold " + threshold);
    }
    int count = positive(in.getInt(), "filter " + index + " terms", PLANES * filterWidth);
    List<Term> terms = new ArrayList<>(count);
    int previousPlane = 0;
    for (int t = 0; t < count; t++) {
      int plane = in.getInt();
      if (plane < previousPlane || plane >= PLANES) {
        throw new IllegalArgumentException("filter " + index + " term " + t + ": plane " + plane);
      }
      previousPlane = plane;
      float[] row = taps(in, filterWidth, index);
      float[] column = taps(in, filterHeight, index);
      terms.add(new Term(plane, row, column));
    }
    return new Filter(threshold, List.copyOf(terms));
  }

  private static float[] taps(ByteBuffer in, int count, int filter) {
    float[] taps = new float[count];
    in.asFloatBuffer().get(taps);
    in.position(in.position() + 4 * count);
    for (float tap : taps) {
      if (!Float.isFinite(tap)) {
        throw new IllegalArgumentException("filter " + filter + ": tap " + tap);
      }
    }
    return taps;
  }

  private static int positive(int value, String what, int max) {
    if (value <= 0 || value > max) {
      throw new IllegalArgumentException(what + " out of range: " + value);
    }
    return value;
  }

  private static double unit(double value, String what) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(what + " not in [0, 1]: " + value);
    }
    return value;
  }
}
