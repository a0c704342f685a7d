package dev.facesearch.server.detect.hog;

/**
 * dlib 19.24's bilinear {@code resize_image} for an RGB or a grey 8-bit image into one of the same
 * kind ({@code image_transforms/interpolation.h}), which both pyramid steps use: the exact
 * arithmetic, because every later stage sees these bytes.
 *
 * <p>The source position of output (r, c) is (r * ys, c * xs) with {@code xs = (inWidth - 1) /
 * (outWidth - 1)} (likewise ys), the row position accumulated in double. Along a row dlib works
 * four outputs at a time in float SSE lanes: lane k starts at {@code float(-4 xs + k xs)} and adds
 * {@code float(4 xs)} per group, the source column is that truncated, the four weights are float
 * products of the float fractions, and the sum {@code ((tl w + tr w) + bl w) + br w} is truncated
 * (RGB) or rounded (grey) to a byte. Groups go on while the last lane's right neighbour is inside
 * the row; the rest of the row is done one pixel at a time from a double position: in double
 * arithmetic, truncated, for RGB; in float arithmetic for the horizontal blends and double for the
 * vertical one, clamped and truncated, for grey. Those two paths can differ by one level, so which
 * pixels take which is part of the result.
 */
final class BilinearResize {
  private BilinearResize() {}

  /** Resizes {@code in} to {@code width x height}; an empty size gives an empty image. */
  static ByteImage resize(ByteImage in, int width, int height) {
    int ch = in.channels();
    byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(width, height), ch)];
    ByteImage result = new ByteImage(width, height, ch, out);
    if (result.isEmpty() || in.isEmpty()) {
      return result;
    }
    double xScale = (in.width() - 1) / (double) Math.max(width - 1, 1);
    double yScale = (in.height() - 1) / (double) Math.max(height - 1, 1);
    int[] left = new int[4];
    float[] weights = new float[16];
    double y = -yScale;
    for (int r = 0; r < height; r++) {
      y += yScale;
      int top = (int) Math.floor(y);
      int bottom = Math.min(top + 1, in.height() - 1);
      double tbFrac = y - top;
      int c = quads(in, result, r, top, bottom, tbFrac, xScale, left, weights);
      if (ch == 3) {
        rgbTail(in, out, r, c, top, bottom, tbFrac, xScale, width);
      } else {
        greyTail(in, out, r, c, top, bottom, tbFrac, xScale, width);
      }
    }
    return result;
  }

  /** The four-lane part of row r; returns the first column it did not do. */
  private static int quads(
      ByteImage in,
      ByteImage outImage,
      int r,
      int top,
      int bottom,
      double tbFrac,
      double xScale,
      int[] left,
      float[] wt) {
    byte[] src = in.pixels();
    byte[] out = outImage.pixels();
    int ch = in.channels();
    int inW = in.width();
    int outW = outImage.width();
    float tb = (float) tbFrac;
    float invTb = (float) (1 - tbFrac);
    float step = (float) (4 * xScale);
    double x = -4 * xScale;
    float[] lane = {
      (float) x, (float) (x + xScale), (float) (x + 2 * xScale), (float) (x + 3 * xScale)
    };
    int topRow = top * inW;
    int bottomRow = bottom * inW;
    int c = 0;
    while (true) {
      for (int k = 0; k < 4; k++) {
        lane[k] += step;
        left[k] = (int) lane[k];
        float lr = lane[k] - left[k];
        float invLr = 1 - lr;
        wt[4 * k] = invTb * invLr;
        wt[4 * k + 1] = invTb * lr;
        wt[4 * k + 2] = tb * invLr;
        wt[4 * k + 3] = tb * lr;
      }
      // dlib stops when the last lane's right neighbour leaves the row; the second test only
      // guards against writing past the output row, which that first test already implies.
      if (left[3] + 1 >= inW || c + 3 >= outW) {
        return c;
      }
      for (int k = 0; k < 4; k++) {
        int o = (r * outW + c + k) * ch;
        int tl = (topRow + left[k]) * ch;
        int bl = (bottomRow + left[k]) * ch;
        for (int q = 0; q < ch; q++) {
          float v =
              wt[4 * k] * (src[tl + q] & 0xFF)
                  + wt[4 * k + 1] * (src[tl + ch + q] & 0xFF)
                  + wt[4 * k + 2] * (src[bl + q] & 0xFF)
                  + wt[4 * k + 3] * (src[bl + ch + q] & 0xFF);
          out[o + q] = (byte) (ch == 3 ? (int) v : (int) ((double) v + 0.5));
        }
      }
      c += 4;
    }
  }

  private static void rgbTail(
      ByteImage in,
      byte[] out,
      int r,
      int c,
      int top,
      int bottom,
      double tbFrac,
      double xScale,
      int outW) {
    double x = -xScale + c * xScale;
    for (; c < outW; c++) {
      x += xScale;
      int left = (int) Math.floor(x);
      int right = Math.min(left + 1, in.width() - 1);
      double lrFrac = x - left;
      int o = (r * outW + c) * 3;
      for (int q = 0; q < 3; q++) {
        double v =
            (1 - tbFrac) * ((1 - lrFrac) * in.at(top, left, q) + lrFrac * in.at(top, right, q))
                + tbFrac
                    * ((1 - lrFrac) * in.at(bottom, left, q) + lrFrac * in.at(bottom, right, q));
        out[o + q] = (byte) (int) v;
      }
    }
  }

  private static void greyTail(
      ByteImage in,
      byte[] out,
      int r,
      int c,
      int top,
      int bottom,
      double tbFrac,
      double xScale,
      int outW) {
    double x = -xScale + c * xScale;
    for (; c < outW; c++) {
      x += xScale;
      int left = (int) Math.floor(x);
      int right = Math.min(left + 1, in.width() - 1);
      float lrFrac = (float) (x - left);
      float upper = (1 - lrFrac) * in.at(top, left, 0) + lrFrac * in.at(top, right, 0);
      float lower = (1 - lrFrac) * in.at(bottom, left, 0) + lrFrac * in.at(bottom, right, 0);
      float v = (float) ((1 - tbFrac) * upper + tbFrac * lower);
      out[r * outW + c] = (byte) (v <= 0 ? 0 : v >= 255 ? 255 : (int) v);
    }
  }
}
