package dev.facesearch.server.detect.hog;

import dev.facesearch.server.detect.Detection;
import dev.facesearch.server.detect.DetectionOptions;
import dev.facesearch.server.detect.FaceDetector;
import dev.facesearch.server.image.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * dlib 19.24's HOG frontal face detector ({@code get_frontal_face_detector()}) in Java, giving the
 * boxes, scores and filter indices dlib gives, in dlib's order, for what Python's {@code
 * detector.run(img, upsample, adjust_threshold)} returns.
 *
 * <p>As a {@link FaceDetector} it reports the logistic of dlib's confidence as the score, so that a
 * minimum score of 0.5 is dlib's own threshold, and it keeps dlib's overlap rule (the model's) in
 * place of the options' IoU threshold.
 *
 * <p>Thread-safe: the model is immutable and every buffer belongs to one call.
 */
public final class HogFaceDetector implements FaceDetector {
  /**
   * The weakest confidence ever asked for, whatever the minimum score: below it nearly every window
   * of the image answers, and dlib's suppression would have to sort them all.
   */
  static final double LOWEST_THRESHOLD = -2;

  /**
   * Most upsampling steps accepted: each doubles the image, so two already mean 16 times the work.
   */
  public static final int MAX_UPSAMPLE = 2;

  /**
   * Most pixels scanned, after upsampling (each upsampling about quadruples them): 2^28, so that a
   * 40 M pixel photo can still be upsampled once. A scan holds the upsampled image, one pyramid
   * level and its features at a time: about 8 bytes per pixel of the largest level for RGB, so some
   * 2 GB at this limit.
   */
  public static final long MAX_SCANNED_PIXELS = 1L << 28;

  private final HogModel model;
  private final HogKernel kernel;
  private final OverlapSuppression suppression;

  HogFaceDetector(HogModel model, HogKernel kernel) {
    this.model = Objects.requireNonNull(model, "model");
    this.kernel = Objects.requireNonNull(kernel, "kernel");
    this.suppression = new OverlapSuppression(model.iouThreshold, model.coveredThreshold);
  }

  /**
   * Reads the compact detector file written by the models module ({@code
   * dlib_hog_frontal_face.bin}).
   *
   * @throws IllegalArgumentException when the file is not a valid compact detector
   */
  public static HogFaceDetector read(Path compactFile) throws IOException {
    return new HogFaceDetector(HogModel.parse(Files.readAllBytes(compactFile)), Kernels.best());
  }

  /** Like {@link #read(Path)}, from a stream (read to its end, not closed). */
  public static HogFaceDetector read(InputStream compactFile) throws IOException {
    return new HogFaceDetector(HogModel.parse(compactFile.readAllBytes()), Kernels.best());
  }

  /** Whether the filter loops run on the JDK's Vector API (else plain loops; same results). */
  public boolean vectorized() {
    return kernel != ScalarKernel.INSTANCE;
  }

  /**
   * The faces as the server reports them, within the scan budget ({@link ScanBudget}): {@code
   * options.upsample()} is the most doublings, and larger images are scanned shrunk.
   */
  @Override
  public List<Detection> detect(RgbImage image, DetectionOptions options) {
    double p = options.minScore();
    double threshold = Math.max(LOWEST_THRESHOLD, Math.log(p / (1 - p)));
    ScanBudget.Plan plan = ScanBudget.plan(image.width(), image.height(), options.upsample());
    RgbImage scanned = plan.scale() < 1 ? BilinearCrop.scaled(image, plan.scale()) : image;
    double backX = image.width() / (double) scanned.width();
    double backY = image.height() / (double) scanned.height();
    List<Detection> faces = new ArrayList<>();
    for (HogDetection d : detect(scanned, plan.upsample(), threshold)) {
      float score = (float) (1 / (1 + Math.exp(-d.score())));
      if (score > options.minScore() && faces.size() < options.maxFaces()) {
        faces.add(
            new Detection(
                score,
                (float) (d.left() * backX),
                (float) (d.top() * backY),
                (float) (d.width() * backX),
                (float) (d.height() * backY)));
      }
    }
    return faces;
  }

  @Override
  public void close() {}

  /**
   * Finds faces in a colour image, as dlib does for an RGB image (per pixel, the gradient of the
   * channel where it is longest).
   *
   * @param upsample 0, 1 or 2: how many times to double the image first (dlib's {@code
   *     pyramid_up}), to find faces smaller than 80 pixels; boxes come back in the original image
   * @param adjustThreshold added to each filter's threshold: negative finds more, weaker faces
   * @return dlib's detections, best first
   */
  public List<HogDetection> detect(RgbImage image, int upsample, double adjustThreshold) {
    Objects.requireNonNull(image, "image");
    return detect(
        new ByteImage(image.width(), image.height(), 3, image.pixels()), upsample, adjustThreshold);
  }

  /**
   * Finds faces in a grey image ({@code width * height} bytes, row by row), as dlib does for an
   * 8-bit grey image: the results differ slightly from the same image as RGB, because dlib rounds
   * when it resizes grey images and truncates when it resizes colour ones.
   */
  public List<HogDetection> detectGrey(
      int width, int height, byte[] grey, int upsample, double adjustThreshold) {
    Objects.requireNonNull(grey, "grey");
    if (width <= 0 || height <= 0 || (long) width * height != grey.length) {
      throw new IllegalArgumentException(
          "a "
              + width
              + "x"
              + height
              + " grey image needs "
              + (long) width * height
              + " bytes, got "
              + grey.length);
    }
    return detect(new ByteImage(width, height, 1, grey), upsample, adjustThreshold);
  }

  private List<HogDetection> detect(ByteImage image, int upsample, double adjustThreshold) {
    if (upsample < 0 || upsample > MAX_UPSAMPLE) {
      throw new IllegalArgumentException(
          "upsample must be 0 to " + MAX_UPSAMPLE + ", got " + upsample);
    }
    if (!Double.isFinite(adjustThreshold)) {
      throw new IllegalArgumentException("adjustThreshold must be finite, got " + adjustThreshold);
    }
    long scannedPixels = (long) image.width() * image.height() << (2 * upsample);
    if (scannedPixels > MAX_SCANNED_PIXELS) {
      throw new IllegalArgumentException(
          "a "
              + image.width()
              + "x"
              + image.height()
              + " image upsampled "
              + upsample
              + " times is over "
              + MAX_SCANNED_PIXELS
              + " pixels");
    }
    ByteImage scanned = image;
    for (int i = 0; i < upsample; i++) {
      scanned = ImagePyramid.up(scanned);
    }
    List<List<Candidate>> perFilter = scan(scanned, adjustThreshold);
    // dlib: each filter's detections sorted, concatenated, sorted again (when there are several
    // filters), then suppressed.
    List<Candidate> all = new ArrayList<>();
    for (List<Candidate> candidates : perFilter) {
      DescendingSort.sort(candidates, Candidate::response);
      for (Candidate c : candidates) {
        all.add(c.withScore(c.response() - model.filters.get(c.filter()).threshold()));
      }
    }
    if (perFilter.size() > 1) {
      DescendingSort.sort(all, Candidate::response);
    }
    List<HogDetection> faces = new ArrayList<>();
    for (Candidate c : suppression.select(all, Candidate::box)) {
      Box box = upsample == 0 ? c.box() : ImagePyramid.fromUpsampled(c.box(), upsample);
      faces.add(
          new HogDetection(
              box.left(), box.top(), box.right(), box.bottom(), c.response(), c.filter()));
    }
    return faces;
  }

  /** Every window at or above its filter's adjusted threshold, per filter, level by level. */
  private List<List<Candidate>> scan(ByteImage image, double adjustThreshold) {
    int levels =
        ImagePyramid.levelCount(
            image.width(),
            image.height(),
            model.minLayerWidth,
            model.minLayerHeight,
            model.maxPyramidLevels);
    List<List<Candidate>> perFilter = new ArrayList<>();
    for (int i = 0; i < model.filters.size(); i++) {
      perFilter.add(new ArrayList<>());
    }
    float[] scratch = new float[0];
    float[] score = new float[0];
    ByteImage level = image;
    for (int l = 0; l < levels; l++) {
      if (l > 0) {
        level = ImagePyramid.down(level);
      }
      FhogPlanes planes =
          FhogExtractor.extract(
              kernel, level, model.cellSize, model.filterHeight, model.filterWidth);
      int size = planes.rows() * planes.cols();
      if (scratch.length < size) {
        scratch = new float[size];
        score = new float[size];
      }
      for (int f = 0; f < model.filters.size(); f++) {
        HogModel.Filter filter = model.filters.get(f);
        Box area = SeparableFilterScan.apply(kernel, planes, filter, scratch, score);
        collect(
            planes.cols(),
            score,
            area,
            filter.threshold() + adjustThreshold,
            l,
            f,
            perFilter.get(f));
      }
    }
    return perFilter;
  }

  private void collect(
      int cols,
      float[] score,
      Box area,
      double threshold,
      int level,
      int filter,
      List<Candidate> out) {
    for (int r = area.top(); r <= area.bottom(); r++) {
      for (int c = area.left(); c <= area.right(); c++) {
        float s = score[r * cols + c];
        if (s >= threshold) {
          out.add(new Candidate(s, ImagePyramid.fromLevel(window(c, r), level), filter));
        }
      }
    }
  }

  /**
   * The image box of the detection window centred on fHOG cell (c, r), as dlib's {@code
   * fhog_to_image(centered_rect(...))}: a cell maps to pixel {@code (p + 1 - (filter - 1) / 2) *
   * cellSize + 1}, moved half a cell outward from 0.
   */
  private Box window(int c, int r) {
    int w = model.boxWidthCells();
    int h = model.boxHeightCells();
    int left = c - w / 2;
    int top = r - h / 2;
    return new Box(
        toImage(left, model.filterWidth),
        toImage(top, model.filterHeight),
        toImage(left + w - 1, model.filterWidth),
        toImage(top + h - 1, model.filterHeight));
  }

  private int toImage(int cell, int filterCells) {
    int p = (cell + 1 - (filterCells - 1) / 2) * model.cellSize + 1;
    return p >= 0 ? p + model.cellSize / 2 : p - model.cellSize / 2;
  }

  /** A window above threshold: its filter response (later its score), box and filter. */
  private record Candidate(double response, Box box, int filter) {
    Candidate withScore(double score) {
      return new Candidate(score, box, filter);
    }
  }
}
