package dev.facesearch.server.detect.hog;

/**
 * dlib 19.24's {@code extract_fhog_features} for a cell size above 1: Felzenszwalb's 31 features
 * per cell (18 signed orientations, 9 unsigned ones, 4 texture energies), laid out with the zero
 * border that lets a {@code filterRows x filterCols} filter be centred on every cell.
 *
 * <p>The image has {@code round(n / cellSize)} cells each way and the outermost ring is dropped, so
 * a level of {@code cellsNr x cellsNc} cells gives {@code (cellsNr - 2) x (cellsNc - 2)} feature
 * cells, written at offset {@code ((filterRows - 1) / 2, (filterCols - 1) / 2)} in planes {@code
 * filterRows - 1} and {@code filterCols - 1} larger. The histograms come from {@link
 * OrientationHistograms}; a cell's energy is the sum over the 9 unsigned orientations of the
 * squared sum of the two signed bins; each 2x2 block of cells has the normaliser {@code nn = 0.2 *
 * sqrt(energies + 1e-4)}, and a feature cell sees the four blocks around it. Each feature is {@code
 * sum over the 4 blocks of min(h, nn) * (0.1 / nn)}, adding the blocks in dlib's SSE order {@code
 * (b0 + b2) + (b1 + b3)}; the texture feature of block k is {@code 0.4714 * sum over the 18 signed
 * bins of min(h, nn_k) * (0.1 / nn_k)}, summed three bins at a time as dlib does. All in float, as
 * dlib computes it.
 */
final class FhogExtractor {
  private static final float EPS = 0.0001f;
  private static final float NN_SCALE = (float) 0.2;
  private static final float NUMERATOR = (float) 0.1;
  private static final float TEXTURE_SCALE = (float) (2 * 0.2357);

  private FhogExtractor() {}

  /** The 31 planes of {@code img}; empty when it is too small to have a feature cell. */
  static FhogPlanes extract(
      HogKernel kernel, ByteImage img, int cellSize, int filterRows, int filterCols) {
    int cellsNr = (int) ((float) img.height() / (float) cellSize + 0.5);
    int cellsNc = (int) ((float) img.width() / (float) cellSize + 0.5);
    if (cellsNr == 0 || cellsNc == 0) {
      return FhogPlanes.empty();
    }
    int hogNr = Math.max(cellsNr - 2, 0);
    int hogNc = Math.max(cellsNc - 2, 0);
    if (hogNr == 0 || hogNc == 0) {
      return FhogPlanes.empty();
    }
    float[] hist = new float[(cellsNr + 2) * (cellsNc + 2) * OrientationHistograms.BINS];
    OrientationHistograms.compute(kernel, img, cellSize, cellsNr, cellsNc, hist);
    float[] norm = energies(hist, cellsNr, cellsNc);
    float[] nn = blockNormalisers(norm, cellsNr, cellsNc);
    int rows = hogNr + filterRows - 1;
    int cols = hogNc + filterCols - 1;
    FhogPlanes planes = new FhogPlanes(rows, cols, new float[FhogPlanes.PLANES * rows * cols]);
    features(hist, nn, cellsNr, cellsNc, planes, (filterRows - 1) / 2, (filterCols - 1) / 2);
    return planes;
  }

  /** Per cell, the sum over the 9 unsigned orientations of (h(o) + h(o + 9))^2. */
  private static float[] energies(float[] hist, int cellsNr, int cellsNc) {
    float[] norm = new float[cellsNr * cellsNc];
    int stride = cellsNc + 2;
    for (int r = 0; r < cellsNr; r++) {
      for (int c = 0; c < cellsNc; c++) {
        int h = ((r + 1) * stride + c + 1) * OrientationHistograms.BINS;
        float sum = 0;
        for (int o = 0; o < 9; o++) {
          float unsigned = hist[h + o] + hist[h + o + 9];
          sum += unsigned * unsigned;
        }
        norm[r * cellsNc + c] = sum;
      }
    }
    return norm;
  }

  /**
   * For each 2x2 block whose top-left cell is (r, c), {@code 0.2 * sqrt(((tl + tr) + bl) + br +
   * eps)}: the value dlib computes in one SSE lane for each of the four blocks around a cell.
   */
  private static float[] blockNormalisers(float[] norm, int cellsNr, int cellsNc) {
    int bw = cellsNc - 1;
    float[] nn = new float[(cellsNr - 1) * bw];
    for (int r = 0; r + 1 < cellsNr; r++) {
      for (int c = 0; c + 1 < cellsNc; c++) {
        int tl = r * cellsNc + c;
        float sum = norm[tl] + norm[tl + 1] + norm[tl + cellsNc] + norm[tl + cellsNc + 1] + EPS;
        nn[r * bw + c] = NN_SCALE * (float) Math.sqrt(sum);
      }
    }
    return nn;
  }

  private static void features(
      float[] hist,
      float[] nn,
      int cellsNr,
      int cellsNc,
      FhogPlanes planes,
      int rowOffset,
      int colOffset) {
    int hogNr = cellsNr - 2;
    int hogNc = cellsNc - 2;
    int bw = cellsNc - 1;
    int stride = cellsNc + 2;
    float[] out = planes.data();
    int planeSize = planes.rows() * planes.cols();
    float[] blockNn = new float[4];
    float[] blockN = new float[4];
    float[] texture = new float[4];
    float[] h = new float[4];
    for (int y = 0; y < hogNr; y++) {
      for (int x = 0; x < hogNc; x++) {
        // The four blocks around feature cell (y, x), in dlib's lane order.
        blockNn[0] = nn[(y + 1) * bw + x + 1];
        blockNn[1] = nn[y * bw + x + 1];
        blockNn[2] = nn[(y + 1) * bw + x];
        blockNn[3] = nn[y * bw + x];
        for (int k = 0; k < 4; k++) {
          blockN[k] = NUMERATOR / blockNn[k];
          texture[k] = 0;
        }
        int cell = ((y + 2) * stride + x + 2) * OrientationHistograms.BINS;
        int at = (y + rowOffset) * planes.cols() + x + colOffset;
        for (int o = 0; o < 18; o += 3) {
          for (int k = 0; k < 4; k++) {
            float h0 = min(hist[cell + o], blockNn[k]) * blockN[k];
            float h1 = min(hist[cell + o + 1], blockNn[k]) * blockN[k];
            float h2 = min(hist[cell + o + 2], blockNn[k]) * blockN[k];
            texture[k] += h0 + h1 + h2;
          }
          for (int j = 0; j < 3; j++) {
            float bin = hist[cell + o + j];
            for (int k = 0; k < 4; k++) {
              h[k] = min(bin, blockNn[k]) * blockN[k];
            }
            out[(o + j) * planeSize + at] = (h[0] + h[2]) + (h[1] + h[3]);
          }
        }
        for (int o = 0; o < 9; o++) {
          float bin = hist[cell + o] + hist[cell + o + 9];
          for (int k = 0; k < 4; k++) {
            h[k] = min(bin, blockNn[k]) * blockN[k];
          }
          out[(18 + o) * planeSize + at] = (h[0] + h[2]) + (h[1] + h[3]);
        }
        for (int k = 0; k < 4; k++) {
          out[(27 + k) * planeSize + at] = texture[k] * TEXTURE_SCALE;
        }
      }
    }
  }

  /** SSE's {@code minps}: the first operand when it is smaller, else the second. */
  private static float min(float a, float b) {
    return a < b ? a : b;
  }
}
