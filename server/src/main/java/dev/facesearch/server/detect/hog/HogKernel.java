package dev.facesearch.server.detect.hog;

/**
 * The hot loops of the detector that have a vector form: the runs of pixels, and of filter output
 * columns, that dlib itself computes with 8-wide SIMD, and the columns after them. Implementations
 * must give bit-identical results; {@link ScalarKernel} is the reference, {@code VectorKernel} the
 * fast one (the JDK's Vector API).
 *
 * <p>In dlib's SIMD loops lane k only ever touches pixel or column k, so any vector width gives the
 * same values as long as each lane does the same float operations in the same order.
 */
interface HogKernel {
  /**
   * Convolution columns of dlib's SIMD run ({@code float_spatially_filter_image_separable}): for c
   * in [0, count), {@code out[outAt + c] (+)= sum over n of in[inAt + c + n * step] * taps[n]},
   * summed in three partial sums over taps {@code 0, 3, 6, ...}, {@code 1, 4, 7, ...} and {@code 2,
   * 5, 8, ...} (taps after the last full group of three going to the first), then {@code first +
   * (second + third)}; {@code accumulate} adds the result to {@code out}.
   */
  void simdColumns(
      float[] in,
      int inAt,
      int step,
      float[] taps,
      float[] out,
      int outAt,
      int count,
      boolean accumulate);

  /** The columns dlib does one at a time after its SIMD run: the products added in tap order. */
  void tailColumns(
      float[] in,
      int inAt,
      int step,
      float[] taps,
      float[] out,
      int outAt,
      int count,
      boolean accumulate);

  /**
   * Gradients of dlib's fHOG SIMD run: for x in [from, to), the central-difference gradient at x of
   * the middle row (for RGB, of the channel with the longest gradient, a tie going to the later
   * channel), its orientation bin (0 to 17, as a float) and its length.
   *
   * @param above the row above, one float array per channel
   * @param centre the row itself
   * @param below the row below
   */
  void simdGradients(
      float[][] above,
      float[][] centre,
      float[][] below,
      int from,
      int to,
      float[] bin,
      float[] length);

  /**
   * One SIMD-run convolution column. dlib opens its partial sums at 0 and adds the first products;
   * opening them with the products differs only in the sign of an all-zero sum, which neither a
   * comparison nor a later sum can see.
   */
  static float simdDot(float[] in, int at, int step, float[] taps) {
    int n = taps.length;
    assert n >= 3;
    float a = in[at] * taps[0];
    float b = in[at + step] * taps[1];
    float d = in[at + 2 * step] * taps[2];
    int t = 3;
    for (; t < n - 2; t += 3) {
      a += in[at + t * step] * taps[t];
      b += in[at + (t + 1) * step] * taps[t + 1];
      d += in[at + (t + 2) * step] * taps[t + 2];
    }
    for (; t < n; t++) {
      a += in[at + t * step] * taps[t];
    }
    return a + (b + d);
  }

  /** One column done one at a time: the products added in tap order, from 0. */
  static float tailDot(float[] in, int at, int step, float[] taps) {
    float sum = 0;
    for (int t = 0; t < taps.length; t++) {
      sum += in[at + t * step] * taps[t];
    }
    return sum;
  }
}
