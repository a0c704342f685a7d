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
 *
 * <p>The columns' positions do not depend on the row, so they are worked out once per image.
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
    Columns columns = new Columns(in.width(), width, xScale);
    double y = -yScale;
    for (int r = 0; r < height; r++) {
      y += yScale;
      int top = (int) Math.floor(y);
      int bottom = Math.min(top + 1, in.height() - 1);
      double tbFrac = y - top;
      if (ch == 3) {
        rgbRow(in, out, r * width * 3, top, bottom, tbFrac, columns);
      } else {
        greyRow(in, out, r * width, top, bottom, tbFrac, columns);
      }
    }
    return result;
  }

  /** Per output column: its left source column and horizontal fraction, as dlib computes them. */
  private static final class Columns {
    /** Columns before this one are done by four-lane groups. */
    final int groupEnd;

    final int[] left;
    final int[] right;
    final float[] lr;
    final double[] lrDouble;

    Columns(int inW, int outW, double xScale) {
      left = new int[outW];
      right = new int[outW];
      lr = new float[outW];
      lrDouble = new double[outW];
      float step = (float) (4 * xScale);
      double x0 = -4 * xScale;
      float[] lane = {
        (float) x0, (float) (x0 + xScale), (float) (x0 + 2 * xScale), (float) (x0 + 3 * xScale)
      };
      int c = 0;
      while (true) {
        int[] l = new int[4];
        for (int k = 0; k < 4; k++) {
          lane[k] += step;
          l[k] = (int) lane[k];
        }
        // dlib stops when the last lane's right neighbour leaves the row; the second test only
        // guards against writing past the output row, which the first already implies.
        if (l[3] + 1 >= inW || c + 3 >= outW) {
          break;
        }
        for (int k = 0; k < 4; k++) {
          left[c + k] = l[k];
          right[c + k] = l[k] + 1;
          lr[c + k] = lane[k] - l[k];
        }
        c += 4;
      }
      groupEnd = c;
      double x = -xScale + c * xScale;
      for (; c < outW; c++) {
        x += xScale;
        left[c] = (int) Math.floor(x);
        right[c] = Math.min(left[c] + 1, inW - 1);
        lrDouble[c] = x - left[c];
        lr[c] = (float) lrDouble[c];
      }
    }
  }

  private static void rgbRow(
      ByteImage in, byte[] out, int o, int top, int bottom, double tbFrac, Columns cols) {
    byte[] src = in.pixels();
    int topRow = top * in.width() * 3;
    int bottomRow = bottom * in.width() * 3;
    float tb = (float) tbFrac;
    float invTb = (float) (1 - tbFrac);
    int c = 0;
    for (; c < cols.groupEnd; c++, o += 3) {
      float lr = cols.lr[c];
      float invLr = 1 - lr;
      float tlf = invTb * invLr;
      float trf = invTb * lr;
      float blf = tb * invLr;
      float brf = tb * lr;
      int tl = topRow + 3 * cols.left[c];
      int bl = bottomRow + 3 * cols.left[c];
      for (int q = 0; q < 3; q++) {
        float v =
            tlf * (src[tl + q] & 0xFF)
                + trf * (src[tl + 3 + q] & 0xFF)
                + blf * (src[bl + q] & 0xFF)
                + brf * (src[bl + 3 + q] & 0xFF);
        out[o + q] = (byte) (int) v;
      }
    }
    for (; c < cols.left.length; c++, o += 3) {
      double lr = cols.lrDouble[c];
      int l = 3 * cols.left[c];
      int rt = 3 * cols.right[c];
      for (int q = 0; q < 3; q++) {
        double v =
            (1 - tbFrac)
                    * ((1 - lr) * (src[topRow + l + q] & 0xFF) + lr * (src[topRow + rt + q] & 0xFF))
                + tbFrac
                    * ((1 - lr) * (src[bottomRow + l + q] & 0xFF)
                        + lr * (src[bottomRow + rt + q] & 0xFF));
        out[o + q] = (byte) (int) v;
      }
    }
  }

  private static void greyRow(
      ByteImage in, byte[] out, int o, int top, int bottom, double tbFrac, Columns cols) {
    byte[] src = in.pixels();
    int topRow = top * in.width();
    int bottomRow = bottom * in.width();
    float tb = (float) tbFrac;
    float invTb = (float) (1 - tbFrac);
    int c = 0;
    for (; c < cols.groupEnd; c++) {
      float lr = cols.lr[c];
      float invLr = 1 - lr;
      int l = cols.left[c];
      float v =
          invTb * invLr * (src[topRow + l] & 0xFF)
              + invTb * lr * (src[topRow + l + 1] & 0xFF)
              + tb * invLr * (src[bottomRow + l] & 0xFF)
              + tb * lr * (src[bottomRow + l + 1] & 0xFF);
      out[o + c] = (byte) (int) ((double) v + 0.5);
    }
    for (; c < cols.left.length; c++) {
      float lr = cols.lr[c];
      int l = cols.left[c];
      int rt = cols.right[c];
      float upper = (1 - lr) * (src[topRow + l] & 0xFF) + lr * (src[topRow + rt] & 0xFF);
      float lower = (1 - lr) * (src[bottomRow + l] & 0xFF) + lr * (src[bottomRow + rt] & 0xFF);
      float v = (float) ((1 - tbFrac) * upper + tbFrac * lower);
      out[o + c] = (byte) (v <= 0 ? 0 : v >= 255 ? 255 : (int) v);
    }
  }
}
