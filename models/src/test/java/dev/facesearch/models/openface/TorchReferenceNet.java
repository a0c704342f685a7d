package dev.facesearch.models.openface;

import java.util.ArrayList;
import java.util.List;

/**
 * nn4.small2.v1's forward pass for one image in plain loops, written from the Torch modules'
 * definitions and sharing no code with {@link TorchLayers}: an independent check of the graph.
 *
 * <p>Values are [channel][row][column] in double. Each method follows its Torch module: {@code
 * SpatialCrossMapLRN}'s running sum of squares (add channel c + prePad - 1, drop c - prePad),
 * {@code SpatialLPPooling} as Square, average pool, MulConstant(9), Sqrt, {@code DepthConcat}'s
 * narrow at {@code floor((max - size) / 2) + 1}.
 */
final class TorchReferenceNet {
  private final OpenFaceWeights weights;

  TorchReferenceNet(OpenFaceWeights weights) {
    this.weights = weights;
  }

  /** The embedding of one image given as [3][96][96] values in [0, 1]. */
  double[] forward(double[][][] image) {
    List<OpenFaceLayers.Conv> stem = OpenFaceLayers.STEM;
    double[][][] x = convBnRelu(image, stem.get(0));
    x = maxPool(x, 3, 2, 1);
    x = lrn(x);
    x = convBnRelu(x, stem.get(1));
    x = convBnRelu(x, stem.get(2));
    x = lrn(x);
    x = maxPool(x, 3, 2, 1);
    for (OpenFaceLayers.Inception block : OpenFaceLayers.INCEPTIONS) {
      x = inception(x, block);
    }
    double[] features = new double[x.length];
    for (int c = 0; c < x.length; c++) {
      double sum = 0;
      for (double[] row : x[c]) {
        for (double v : row) {
          sum += v;
        }
      }
      features[c] = sum / 9; // SpatialAveragePooling(3, 3) over the 3x3 map
    }
    float[] w = weights.denseWeight().data();
    float[] b = weights.denseBias().data();
    double[] y = new double[b.length];
    double sumSquares = 0;
    for (int o = 0; o < y.length; o++) {
      double s = b[o];
      for (int i = 0; i < features.length; i++) {
        s += w[o * features.length + i] * features[i];
      }
      y[o] = s;
      sumSquares += s * s;
    }
    double norm = Math.sqrt(sumSquares + 1e-10);
    for (int o = 0; o < y.length; o++) {
      y[o] /= norm;
    }
    return y;
  }

  private double[][][] inception(double[][][] x, OpenFaceLayers.Inception block) {
    List<double[][][]> outputs = new ArrayList<>();
    outputs.add(
        convBnRelu(convBnRelu(x, block.threeByThree().reduce()), block.threeByThree().conv()));
    if (block.fiveByFive() != null) {
      outputs.add(
          convBnRelu(convBnRelu(x, block.fiveByFive().reduce()), block.fiveByFive().conv()));
    }
    double[][][] pooled =
        block.pool() == OpenFaceLayers.Pool.MAX ? maxPool(x, 3, 2, 0) : lpPool(x, 3, 3);
    outputs.add(
        block.poolProjection() == null ? pooled : convBnRelu(pooled, block.poolProjection()));
    if (block.oneByOne() != null) {
      outputs.add(convBnRelu(x, block.oneByOne()));
    }
    return depthConcat(outputs);
  }

  private double[][][] convBnRelu(double[][][] x, OpenFaceLayers.Conv conv) {
    OpenFaceWeights.ConvBn p = weights.layer(conv);
    int k = conv.kernel();
    int in = x.length;
    int size = x[0].length;
    int outSize = (size + 2 * conv.pad() - k) / conv.stride() + 1;
    float[] w = p.weight().data();
    double[][][] y = new double[conv.out()][outSize][outSize];
    for (int o = 0; o < conv.out(); o++) {
      double invStd = 1 / Math.sqrt(p.variance().data()[o] + (double) p.epsilon());
      for (int r = 0; r < outSize; r++) {
        for (int c = 0; c < outSize; c++) {
          double s = p.bias().data()[o];
          for (int i = 0; i < in; i++) {
            for (int kr = 0; kr < k; kr++) {
              int row = r * conv.stride() - conv.pad() + kr;
              if (row < 0 || row >= size) {
                continue;
              }
              for (int kc = 0; kc < k; kc++) {
                int col = c * conv.stride() - conv.pad() + kc;
                if (col >= 0 && col < size) {
                  s += w[((o * in + i) * k + kr) * k + kc] * x[i][row][col];
                }
              }
            }
          }
          double bn = (s - p.mean().data()[o]) * invStd * p.gamma().data()[o] + p.beta().data()[o];
          y[o][r][c] = Math.max(0, bn);
        }
      }
    }
    return y;
  }

  /** SpatialMaxPooling, floor mode; padded cells are never the max. */
  private static double[][][] maxPool(double[][][] x, int k, int stride, int pad) {
    int size = x[0].length;
    int outSize = (size + 2 * pad - k) / stride + 1;
    double[][][] y = new double[x.length][outSize][outSize];
    for (int ch = 0; ch < x.length; ch++) {
      for (int r = 0; r < outSize; r++) {
        for (int c = 0; c < outSize; c++) {
          double max = Double.NEGATIVE_INFINITY;
          for (int i = r * stride - pad; i < r * stride - pad + k; i++) {
            for (int j = c * stride - pad; j < c * stride - pad + k; j++) {
              if (i >= 0 && i < size && j >= 0 && j < size) {
                max = Math.max(max, x[ch][i][j]);
              }
            }
          }
          y[ch][r][c] = max;
        }
      }
    }
    return y;
  }

  /** SpatialCrossMapLRN(5, 1e-4, 0.75, 1), with Torch's running sum over channels. */
  private static double[][][] lrn(double[][][] x) {
    int size = 5;
    double alpha = 1e-4;
    double beta = 0.75;
    double k = 1;
    int channels = x.length;
    int h = x[0].length;
    int prePad = (size - 1) / 2 + 1; // 1-based in Torch; 3 here
    double[][][] scale = new double[channels][h][h];
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < h; c++) {
        double running = 0;
        for (int ch = 1; ch <= Math.min(prePad, channels); ch++) {
          running += x[ch - 1][r][c] * x[ch - 1][r][c];
        }
        scale[0][r][c] = running;
        for (int ch = 2; ch <= channels; ch++) {
          if (ch < channels - prePad + 2) {
            double v = x[ch + prePad - 2][r][c];
            running += v * v;
          }
          if (ch > prePad) {
            double v = x[ch - prePad - 1][r][c];
            running -= v * v;
          }
          scale[ch - 1][r][c] = running;
        }
      }
    }
    double[][][] y = new double[channels][h][h];
    for (int ch = 0; ch < channels; ch++) {
      for (int r = 0; r < h; r++) {
        for (int c = 0; c < h; c++) {
          y[ch][r][c] = x[ch][r][c] * Math.pow(scale[ch][r][c] * alpha / size + k, -beta);
        }
      }
    }
    return y;
  }

  /** SpatialLPPooling(n, 2, k, k, d, d): Square, SpatialAveragePooling, MulConstant(k*k), Sqrt. */
  private static double[][][] lpPool(double[][][] x, int k, int stride) {
    int size = x[0].length;
    int outSize = (size - k) / stride + 1;
    double[][][] y = new double[x.length][outSize][outSize];
    for (int ch = 0; ch < x.length; ch++) {
      for (int r = 0; r < outSize; r++) {
        for (int c = 0; c < outSize; c++) {
          double sum = 0;
          for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
              double v = x[ch][r * stride + i][c * stride + j];
              sum += v * v;
            }
          }
          y[ch][r][c] = Math.sqrt(sum / (k * k) * (k * k));
        }
      }
    }
    return y;
  }

  /** DepthConcat(2): each input at rows and columns floor((max - size) / 2) on, zeros around. */
  private static double[][][] depthConcat(List<double[][][]> inputs) {
    int size = 0;
    int channels = 0;
    for (double[][][] input : inputs) {
      size = Math.max(size, input[0].length);
      channels += input.length;
    }
    double[][][] y = new double[channels][size][size];
    int at = 0;
    for (double[][][] input : inputs) {
      int s = input[0].length;
      int start = (int) Math.floor((size - s) / 2.0);
      for (double[][] plane : input) {
        for (int r = 0; r < s; r++) {
          System.arraycopy(plane[r], 0, y[at][start + r], start, s);
        }
        at++;
      }
    }
    return y;
  }
}
