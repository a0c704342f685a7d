package dev.facesearch.server.detect.hog;

/** The plain-Java {@link HogKernel}: the reference, and the fallback without the Vector API. */
final class ScalarKernel implements HogKernel {
  static final ScalarKernel INSTANCE = new ScalarKernel();

  private ScalarKernel() {}

  @Override
  public void simdColumns(
      float[] in,
      int inAt,
      int step,
      float[] taps,
      float[] out,
      int outAt,
      int count,
      boolean accumulate) {
    for (int c = 0; c < count; c++) {
      float v = HogKernel.simdDot(in, inAt + c, step, taps);
      out[outAt + c] = accumulate ? out[outAt + c] + v : v;
    }
  }

  @Override
  public void tailColumns(
      float[] in,
      int inAt,
      int step,
      float[] taps,
      float[] out,
      int outAt,
      int count,
      boolean accumulate) {
    for (int c = 0; c < count; c++) {
      float v = HogKernel.tailDot(in, inAt + c, step, taps);
      out[outAt + c] = accumulate ? out[outAt + c] + v : v;
    }
  }

  @Override
  public void simdGradients(
      float[][] above,
      float[][] centre,
      float[][] below,
      int from,
      int to,
      float[] bin,
      float[] length) {
    for (int x = from; x < to; x++) {
      float gx = centre[0][x + 1] - centre[0][x - 1];
      float gy = below[0][x] - above[0][x];
      float len = gx * gx + gy * gy;
      for (int ch = 1; ch < centre.length; ch++) {
        float dx = centre[ch][x + 1] - centre[ch][x - 1];
        float dy = below[ch][x] - above[ch][x];
        float l = dx * dx + dy * dy;
        if (!(len > l)) {
          gx = dx;
          gy = dy;
          len = l;
        }
      }
      bin[x] = OrientationHistograms.orientation(gx, gy);
      length[x] = (float) Math.sqrt(len);
    }
  }
}
