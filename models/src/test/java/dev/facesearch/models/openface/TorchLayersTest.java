package dev.facesearch.models.openface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.facesearch.models.golden.OnnxRunner;
import dev.facesearch.models.onnx.GraphBuilder;
import dev.facesearch.models.openface.TorchLayers.Feature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Torch layers whose ONNX form needs care, as one-op graphs run through DJL and ONNX Runtime,
 * against cases worked out by hand from the Torch definitions.
 */
class TorchLayersTest {
  private static final float TOLERANCE = 1e-6f;

  @TempDir Path temp;

  /** Builds a graph of one NCHW input [1, c, s, s] through {@code layer}, runs it on {@code x}. */
  private OnnxRunner.Output run(
      int channels, int size, float[] x, BiFunction<TorchLayers, Feature, Feature> layer)
      throws Exception {
    GraphBuilder g = new GraphBuilder("test");
    TorchLayers nn = new TorchLayers(g);
    Feature input = new Feature(g.input("x", 1, channels, size, size), channels, size);
    Feature y = layer.apply(nn, input);
    g.output(y.name(), "y", 1, y.channels(), y.size(), y.size());
    Path file = temp.resolve("test" + System.nanoTime() + ".onnx");
    Files.write(file, g.model("test", Map.of()).toByteArray());
    try (OnnxRunner runner = OnnxRunner.open(file)) {
      OnnxRunner.Output out = runner.run("x", x, 1, channels, size, size).get("y");
      assertArrayEquals(new long[] {1, y.channels(), y.size(), y.size()}, out.shape());
      return out;
    }
  }

  @Test
  void crossMapLrn_oneChannel_alphaIsDividedBySizeOnce() throws Exception {
    // Torch: scale = k + alpha / size * x^2 = 1 + 5 / 5 * 4 = 5; y = x * scale^-beta = 2 * 5^-0.75.
    float[] y = run(1, 1, new float[] {2}, (nn, x) -> nn.crossMapLrn(x, 5, 5f, 0.75f, 1f)).values();
    assertEquals(2 * Math.pow(5, -0.75), y[0], TOLERANCE);
  }

  @Test
  void crossMapLrn_sevenChannels_windowOfTwoEachSideClippedAtTheEnds() throws Exception {
    float[] x = {1, 2, 3, 4, 5, 6, 7};
    float alpha = 0.5f;
    float beta = 0.75f;
    float k = 2f;
    float[] y = run(7, 1, x, (nn, in) -> nn.crossMapLrn(in, 5, alpha, beta, k)).values();
    // Channel 0 sees channels 0..2: 1 + 4 + 9 = 14; scale = 2 + 0.5 / 5 * 14 = 3.4.
    assertEquals(Math.pow(3.4, -0.75), y[0], TOLERANCE);
    // Channel 3 sees 1..5: 4 + 9 + 16 + 25 + 36 = 90; scale = 2 + 0.1 * 90 = 11.
    assertEquals(4 * Math.pow(11, -0.75), y[3], TOLERANCE);
    // Channel 6 sees 4..6: 25 + 36 + 49 = 110; scale = 2 + 11 = 13.
    assertEquals(7 * Math.pow(13, -0.75), y[6], TOLERANCE);
    for (int c = 0; c < 7; c++) {
      double sum = 0;
      for (int j = Math.max(0, c - 2); j <= Math.min(6, c + 2); j++) {
        sum += x[j] * x[j];
      }
      assertEquals(x[c] * Math.pow(k + alpha / 5 * sum, -beta), y[c], TOLERANCE, "channel " + c);
    }
  }

  @Test
  void l2Pool_isSqrtOfTheSumOfSquares_notOfTheMean() throws Exception {
    float[] ones = new float[9];
    java.util.Arrays.fill(ones, 1f);
    // sqrt(9 * 1^2) = 3; the mean of squares would give 1.
    assertEquals(3f, run(1, 3, ones, (nn, x) -> nn.l2Pool(x, 3, 3)).values()[0], TOLERANCE);
  }

  @Test
  void l2Pool_stride3_dropsTheLeftoverRowAndColumnAndSquaresNegatives() throws Exception {
    int size = 7; // floor((7 - 3) / 3) + 1 = 2 windows a side; row and column 6 unused
    float[] x = new float[size * size];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 2 == 0 ? -(i % 5) : i % 3;
    }
    float[] y = run(1, size, x, (nn, in) -> nn.l2Pool(in, 3, 3)).values();
    assertEquals(4, y.length);
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 2; c++) {
        double sum = 0;
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 3; j++) {
            float v = x[(3 * r + i) * size + 3 * c + j];
            sum += v * v;
          }
        }
        assertEquals(Math.sqrt(sum), y[r * 2 + c], 1e-5, "window " + r + "," + c);
      }
    }
  }

  @Test
  void depthConcat_12and5_padsThreeBeforeAndFourAfter() throws Exception {
    assertCentred(12, 5, 3);
  }

  @Test
  void depthConcat_5and2_padsOneBeforeAndTwoAfter() throws Exception {
    assertCentred(5, 2, 1);
  }

  /**
   * Concatenates an input of {@code size} with its 3x3/2 max pool (of {@code pooled}) and checks
   * the pooled channel sits {@code before} rows and columns in, zeros around it.
   */
  private void assertCentred(int size, int pooled, int before) throws Exception {
    float[] x = new float[size * size];
    for (int i = 0; i < x.length; i++) {
      x[i] = i + 1; // increasing, so a window's max is its bottom-right cell
    }
    float[] y =
        run(
                1,
                size,
                x,
                (nn, in) -> {
                  Feature pool = nn.maxPool(in, 3, 2, 0);
                  assertEquals(pooled, pool.size());
                  return nn.depthConcat(List.of(in, pool));
                })
            .values();
    for (int i = 0; i < size * size; i++) {
      assertEquals(x[i], y[i], "channel 0 is the input unchanged");
    }
    for (int r = 0; r < size; r++) {
      for (int c = 0; c < size; c++) {
        int pr = r - before;
        int pc = c - before;
        boolean inside = pr >= 0 && pr < pooled && pc >= 0 && pc < pooled;
        float expected = inside ? x[(2 * pr + 2) * size + 2 * pc + 2] : 0f;
        assertEquals(expected, y[size * size + r * size + c], "pooled channel at " + r + "," + c);
      }
    }
  }

  @Test
  void maxPool_pad1_ignoresPaddingAndFloorsTheSize() throws Exception {
    // 48 -> floor((48 + 2 - 3) / 2) + 1 = 24, as the stem; all values negative, so a zero-padded
    // pool would show zeros at the border.
    int size = 48;
    float[] x = new float[size * size];
    for (int i = 0; i < x.length; i++) {
      x[i] = -1 - i;
    }
    float[] y = run(1, size, x, (nn, in) -> nn.maxPool(in, 3, 2, 1)).values();
    assertEquals(24 * 24, y.length);
    assertEquals(
        -1f, y[0], "top-left window covers only cell (0, 0) and its right and lower cells");
    for (float v : y) {
      assertEquals(true, v < 0, "no padded zero wins");
    }
  }
}
