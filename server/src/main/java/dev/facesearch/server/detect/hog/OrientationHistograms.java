package dev.facesearch.server.detect.hog;

/**
 * The first stage of dlib 19.24's fHOG ({@code impl_extract_fhog_features} in {@code fhog.h}):
 * every inner pixel's gradient, snapped to one of 18 signed orientations, votes its length into the
 * 4 nearest cells' histograms with bilinear weights.
 *
 * <p>The gradient is the central difference; for RGB, of the channel whose gradient is longest. The
 * orientation is the one of 9 unit directions (given to 4 decimals, as floats) with the largest
 * |dot product|, +9 when the dot is negative; ties keep the earlier one. dlib does this 8 pixels at
 * a time with SIMD for the run of {@code 8k} pixels from x = 1, and one at a time for the rest of
 * the row, and the two paths differ in two ways that change the sums: on equal RGB gradient lengths
 * the SIMD path takes the later channel (green over red, blue over both) and the scalar path the
 * earlier; and the SIMD path forms a vote as {@code vy * (vx * |g|)}, the scalar path as {@code (vy
 * * vx) * |g|}. Both are reproduced, and each histogram bin receives its votes in dlib's order
 * (rows, then columns), so the float sums are dlib's. The SIMD run's gradients come from a {@link
 * HogKernel}; the votes are added one by one.
 *
 * <p>The histograms are {@code (cellsNr + 2) x (cellsNc + 2)} cells of 18 floats: a one-cell border
 * takes the votes that fall outside.
 */
final class OrientationHistograms {
  static final int BINS = 18;

  /** dlib's 9 directions, x then y. */
  static final float[] DIR_X = {
    1.0000f, 0.9397f, 0.7660f, 0.500f, 0.1736f, -0.1736f, -0.5000f, -0.7660f, -0.9397f
  };

  static final float[] DIR_Y = {
    0.0000f, 0.3420f, 0.6428f, 0.8660f, 0.9848f, 0.9848f, 0.8660f, 0.6428f, 0.3420f
  };

  private OrientationHistograms() {}

  /**
   * Fills {@code hist}, zeroed and {@code (cellsNr + 2) * (cellsNc + 2) * 18} floats, for an image
   * of {@code cellsNr x cellsNc} cells.
   */
  static void compute(
      HogKernel kernel, ByteImage img, int cellSize, int cellsNr, int cellsNc, float[] hist) {
    int visibleNr = Math.min(cellsNr * cellSize, img.height()) - 1;
    int visibleNc = Math.min(cellsNc * cellSize, img.width()) - 1;
    if (visibleNr < 2 || visibleNc < 2) {
      return;
    }
    int stride = cellsNc + 2;
    int simdEnd = 1;
    while (simdEnd < visibleNc - 7) {
      simdEnd += 8;
    }
    // The SIMD run's horizontal weights: (x + 0.5) / cellSize + 0.5 in float, truncated.
    int[] simdCell = new int[simdEnd];
    float[] simdFrac = new float[simdEnd];
    for (int x = 1; x < simdEnd; x++) {
      float xp = ((float) x + 0.5f) / (float) cellSize + 0.5f;
      simdCell[x] = (int) xp;
      simdFrac[x] = xp - simdCell[x];
    }
    int ch = img.channels();
    int w = img.width();
    float[][] above = new float[ch][w];
    float[][] centre = new float[ch][w];
    float[][] below = new float[ch][w];
    unpack(img, 0, above);
    unpack(img, 1, centre);
    float[] bin = new float[simdEnd];
    float[] length = new float[simdEnd];
    for (int y = 1; y < visibleNr; y++) {
      unpack(img, y + 1, below);
      float yp = (float) (((float) y + 0.5) / (float) cellSize - 0.5);
      int iyp = (int) Math.floor(yp);
      float vy0 = yp - iyp;
      float vy1 = (float) (1.0 - vy0);
      int row0 = (iyp + 1) * stride * BINS;
      int row1 = row0 + stride * BINS;
      kernel.simdGradients(above, centre, below, 1, simdEnd, bin, length);
      for (int x = 1; x < simdEnd; x++) {
        float v = length[x];
        float vx0 = simdFrac[x] * v;
        float vx1 = (1.0f - simdFrac[x]) * v;
        int c0 = simdCell[x] * BINS + (int) bin[x];
        hist[row0 + c0] += vy1 * vx1;
        hist[row1 + c0] += vy0 * vx1;
        hist[row0 + c0 + BINS] += vy1 * vx0;
        hist[row1 + c0 + BINS] += vy0 * vx0;
      }
      for (int x = simdEnd; x < visibleNc; x++) {
        tailVote(above, centre, below, x, cellSize, vy0, vy1, hist, row0, row1);
      }
      float[][] spare = above;
      above = centre;
      centre = below;
      below = spare;
    }
  }

  /** One pixel after the SIMD run, as dlib's scalar loop does it. */
  private static void tailVote(
      float[][] above,
      float[][] centre,
      float[][] below,
      int x,
      int cellSize,
      float vy0,
      float vy1,
      float[] hist,
      int row0,
      int row1) {
    float gx = centre[0][x + 1] - centre[0][x - 1];
    float gy = below[0][x] - above[0][x];
    float len = gx * gx + gy * gy;
    for (int ch = 1; ch < centre.length; ch++) {
      float dx = centre[ch][x + 1] - centre[ch][x - 1];
      float dy = below[ch][x] - above[ch][x];
      float l = dx * dx + dy * dy;
      if (l > len) {
        gx = dx;
        gy = dy;
        len = l;
      }
    }
    int o = orientation(gx, gy);
    float v = (float) Math.sqrt(len);
    float xp = (float) (((double) x + 0.5) / (double) cellSize - 0.5);
    int ixp = (int) Math.floor(xp);
    float vx0 = xp - ixp;
    float vx1 = (float) (1.0 - vx0);
    int c0 = (ixp + 1) * BINS + o;
    hist[row0 + c0] += vy1 * vx1 * v;
    hist[row1 + c0] += vy0 * vx1 * v;
    hist[row0 + c0 + BINS] += vy1 * vx0 * v;
    hist[row1 + c0 + BINS] += vy0 * vx0 * v;
  }

  /** Row y of the image as one float array per channel. */
  private static void unpack(ByteImage img, int y, float[][] out) {
    byte[] px = img.pixels();
    int ch = img.channels();
    int w = img.width();
    int at = y * w * ch;
    if (ch == 1) {
      float[] grey = out[0];
      for (int x = 0; x < w; x++) {
        grey[x] = px[at + x] & 0xFF;
      }
    } else {
      float[] r = out[0];
      float[] g = out[1];
      float[] b = out[2];
      for (int x = 0; x < w; x++, at += 3) {
        r[x] = px[at] & 0xFF;
        g[x] = px[at + 1] & 0xFF;
        b[x] = px[at + 2] & 0xFF;
      }
    }
  }

  /** The orientation bin 0-17 of a gradient, as dlib snaps it. */
  static int orientation(float gx, float gy) {
    float bestDot = 0;
    int best = 0;
    for (int o = 0; o < 9; o++) {
      float dot = gx * DIR_X[o] + gy * DIR_Y[o];
      if (dot > bestDot) {
        bestDot = dot;
        best = o;
      } else if (-dot > bestDot) {
        bestDot = -dot;
        best = o + 9;
      }
    }
    return best;
  }
}
