package dev.facesearch.bench.pipeline;

import dev.facesearch.server.detect.hog.HogDetection;
import dev.facesearch.server.detect.hog.HogFaceDetector;
import dev.facesearch.server.image.ImageDecoder;
import dev.facesearch.server.image.RgbImage;
import dev.facesearch.server.landmark.ShapePredictor;
import dev.facesearch.server.model.ModelRegistry;
import dev.facesearch.server.pipeline.FaceModels;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The server's Java ports of dlib's HOG detector and shape predictor, timed exactly as {@link
 * DlibNativeTiming} times dlib's C++ on the same photos, so that the two sets of figures compare
 * like with like.
 *
 * <p>On the calling thread alone, after a warm-up on the photos (so the JIT has compiled the code,
 * as dlib's was compiled ahead of time), each decoded photo is timed for R rounds of: the detector
 * at upsampling 0, the detector at upsampling 1 (the upsampling included), and the shape predictor
 * on every face found at upsampling 1; a photo's figure is the median of its rounds, and a set's is
 * the median over its photos. The detector runs alone, with dlib's threshold (adjust 0) and no SSD
 * fallback, and the predictor on HOG's own boxes: what dlib's program runs.
 */
public final class DlibPortTiming {
  private final HogFaceDetector detector;
  private final ShapePredictor predictor;

  /** Where results go, so the JIT cannot drop work whose result is unused. */
  @SuppressWarnings("unused")
  private static volatile Object sink;

  public DlibPortTiming(HogFaceDetector detector, ShapePredictor predictor) {
    this.detector = Objects.requireNonNull(detector, "detector");
    this.predictor = Objects.requireNonNull(predictor, "predictor");
  }

  /** The ports on the models the server reads, from the registry's checked files. */
  public static DlibPortTiming read(ModelRegistry registry) throws IOException {
    return new DlibPortTiming(
        HogFaceDetector.read(registry.file(FaceModels.DLIB_HOG)),
        ShapePredictor.read(registry.file(FaceModels.DLIB_SHAPE_PREDICTOR)));
  }

  /** Whether the detector's filters run on the Vector API, for the table's note. */
  public boolean vectorized() {
    return detector.vectorized();
  }

  /**
   * Times every photo of the sets.
   *
   * @param warmup how long to cycle through the photos first (at least one photo of each set)
   * @param rounds rounds per photo, whose median is the photo's time
   * @return one timing per set, in order, with the same fields as dlib's
   */
  public List<DlibNativeTiming.SetTiming> measure(
      List<BenchPhotos.PhotoSet> sets, ImageDecoder decoder, int rounds, Duration warmup) {
    if (sets.isEmpty() || rounds < 1) {
      throw new IllegalArgumentException(
          "need photo sets and at least one round: " + sets.size() + " sets, " + rounds);
    }
    List<List<RgbImage>> decoded = new ArrayList<>();
    for (BenchPhotos.PhotoSet set : sets) {
      decoded.add(set.images().stream().map(decoder::decode).toList());
    }
    // Round robin over the sets until the time is up, and at least one photo of each.
    long end = System.nanoTime() + warmup.toNanos();
    for (int i = 0; i < decoded.size() || System.nanoTime() < end; i++) {
      List<RgbImage> images = decoded.get(i % decoded.size());
      time(images.get(i / decoded.size() % images.size()), 1, "warm-up");
    }
    List<DlibNativeTiming.SetTiming> timings = new ArrayList<>();
    for (int s = 0; s < sets.size(); s++) {
      List<DlibTimes.Photo> photos = new ArrayList<>();
      List<RgbImage> images = decoded.get(s);
      for (int i = 0; i < images.size(); i++) {
        photos.add(time(images.get(i), rounds, "set" + s + "-" + i));
      }
      timings.add(DlibTimes.summarize(sets.get(s).name(), photos));
    }
    return timings;
  }

  /** One photo's medians, in the order and units of dlib's program. */
  private DlibTimes.Photo time(RgbImage image, int rounds, String name) {
    List<HogDetection> faces = detector.detect(image, 1, 0);
    double upsample0 = medianMillis(rounds, () -> sink = detector.detect(image, 0, 0));
    double upsample1 = medianMillis(rounds, () -> sink = detector.detect(image, 1, 0));
    double shape =
        faces.isEmpty()
            ? 0
            : medianMillis(
                    rounds,
                    () -> {
                      for (HogDetection f : faces) {
                        sink = predictor.predict(image, f.left(), f.top(), f.right(), f.bottom());
                      }
                    })
                * 1000
                / faces.size();
    return new DlibTimes.Photo(name, upsample0, upsample1, faces.size(), shape);
  }

  /** The median of the rounds' times in ms; the upper middle one for an even count, as dlib's. */
  private static double medianMillis(int rounds, Runnable work) {
    double[] times = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      work.run();
      times[r] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(times);
    return times[rounds / 2];
  }
}
