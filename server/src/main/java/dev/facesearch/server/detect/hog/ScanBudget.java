package dev.facesearch.server.detect.hog;

/**
 * How many pixels one HOG detection scans at most, as the server runs the detector: HOG's cost
 * grows with the pixels it scans (about 60 ms per million here), so an unbounded photo would take
 * seconds where SSD, which shrinks every image to 512x512, takes a tenth of one.
 *
 * <p>Within the budget the detector runs as dlib runs it. Past it, upsampling is given up first
 * (doubling stops where the doubled image would exceed the budget), then the image is scaled down
 * to the budget and the boxes found are scaled back: faces smaller than about 80 pixels at the
 * scanned size are then not seen, and the CNN fallback may find them.
 */
final class ScanBudget {
  private ScanBudget() {}

  /** 2,097,152 pixels: a 640x480 photo doubled once, or a 1672x1254 one as it is. */
  static final long PIXELS = 1L << 21;

  /**
   * The scan of one image.
   *
   * @param upsample how many times to double the image
   * @param scale how much to shrink it first (1 for not at all)
   */
  record Plan(int upsample, double scale) {}

  static Plan plan(int width, int height, int upsample) {
    long pixels = (long) width * height;
    int doublings = upsample;
    while (doublings > 0 && pixels << (2 * doublings) > PIXELS) {
      doublings--;
    }
    double scale = pixels <= PIXELS ? 1 : Math.sqrt((double) PIXELS / pixels);
    return new Plan(doublings, scale);
  }
}
