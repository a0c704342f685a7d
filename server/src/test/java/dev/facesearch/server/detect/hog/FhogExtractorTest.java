package dev.facesearch.server.detect.hog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** fHOG features of synthetic images, against values derived by hand. */
class FhogExtractorTest {
  private static final HogKernel SCALAR = ScalarKernel.INSTANCE;

  @Test
  void extract_250x250_hasTheFrontalDetectorsPlaneSize() {
    FhogPlanes planes = FhogExtractor.extract(SCALAR, grey(250, 250, (x, y) -> 0), 8, 10, 10);
    // round(250 / 8) = 31 cells, less the outer ring = 29, plus the filter's 9 cells of border.
    assertEquals(38, planes.rows());
    assertEquals(38, planes.cols());
  }

  @Test
  void extract_tooSmall_isEmpty() {
    assertTrue(FhogExtractor.extract(SCALAR, grey(3, 3, (x, y) -> 7), 8, 10, 10).isEmpty());
    assertTrue(FhogExtractor.extract(SCALAR, grey(19, 100, (x, y) -> 7), 8, 10, 10).isEmpty());
    assertEquals(1, FhogExtractor.extract(SCALAR, grey(20, 20, (x, y) -> 7), 8, 10, 10).rows() - 9);
  }

  @Test
  void extract_flatImage_isAllZero() {
    FhogPlanes planes = FhogExtractor.extract(SCALAR, grey(64, 48, (x, y) -> 99), 8, 10, 10);
    for (float v : planes.data()) {
      assertEquals(0f, v);
    }
  }

  @Test
  void extract_horizontalRamp_derivedValuesInTheInterior() {
    // Intensity x: every gradient is (2, 0), orientation 0, length 2. An interior cell collects
    // 64 pixels' worth of bilinear weight, so h(0) = 128 and its energy 128^2; a block's
    // normaliser is nn = 0.2 sqrt(4 * 128^2 + 1e-4) ~ 51.2, so each of the 4 blocks gives
    // min(128, nn) * 0.1 / nn = 0.1: the feature is 0.4 in planes 0 and 18, and each texture
    // feature 0.4714 * 0.1.
    FhogPlanes planes = FhogExtractor.extract(SCALAR, grey(120, 96, (x, y) -> x), 8, 10, 10);
    for (int r = 4 + 2; r < planes.rows() - 5 - 2; r++) {
      for (int c = 4 + 2; c < planes.cols() - 5 - 2; c++) {
        assertEquals(0.4f, planes.at(0, r, c), 1e-6, "plane 0 at " + r + "," + c);
        assertEquals(0.4f, planes.at(18, r, c), 1e-6);
        for (int t = 27; t < 31; t++) {
          assertEquals(0.04714f, planes.at(t, r, c), 1e-6);
        }
        for (int p = 1; p < 27; p++) {
          if (p != 18) {
            assertEquals(0f, planes.at(p, r, c), "plane " + p);
          }
        }
      }
    }
  }

  @Test
  void extract_mirroredRamp_movesToTheOppositeSignedBin() {
    FhogPlanes up = FhogExtractor.extract(SCALAR, grey(96, 96, (x, y) -> 2 * x), 8, 10, 10);
    FhogPlanes down = FhogExtractor.extract(SCALAR, grey(96, 96, (x, y) -> 255 - 2 * x), 8, 10, 10);
    assertArrayEquals(plane(up, 0), plane(down, 9));
    assertArrayEquals(plane(up, 18), plane(down, 18));
    assertArrayEquals(plane(up, 27), plane(down, 27));
  }

  @Test
  void extract_rgbWithOneVaryingChannel_equalsThatChannelAsGrey() {
    Random random = new Random(9);
    int w = 83;
    int h = 61;
    byte[] grey = new byte[w * h];
    random.nextBytes(grey);
    for (int channel = 0; channel < 3; channel++) {
      byte[] rgb = new byte[w * h * 3];
      for (int i = 0; i < w * h; i++) {
        rgb[3 * i] = (byte) 40;
        rgb[3 * i + 1] = (byte) 40;
        rgb[3 * i + 2] = (byte) 40;
        rgb[3 * i + channel] = grey[i];
      }
      FhogPlanes fromGrey = FhogExtractor.extract(SCALAR, new ByteImage(w, h, 1, grey), 8, 10, 10);
      FhogPlanes fromRgb = FhogExtractor.extract(SCALAR, new ByteImage(w, h, 3, rgb), 8, 10, 10);
      assertArrayEquals(fromGrey.data(), fromRgb.data(), "channel " + channel);
    }
  }

  @Test
  void extract_border_isZero() {
    FhogPlanes planes =
        FhogExtractor.extract(SCALAR, grey(100, 100, (x, y) -> (x * 7 + y * 13) % 256), 8, 10, 10);
    for (int p = 0; p < FhogPlanes.PLANES; p++) {
      for (int r = 0; r < planes.rows(); r++) {
        for (int c = 0; c < planes.cols(); c++) {
          boolean inside = r >= 4 && r < planes.rows() - 5 && c >= 4 && c < planes.cols() - 5;
          if (!inside) {
            assertEquals(0f, planes.at(p, r, c));
          }
        }
      }
    }
  }

  interface Pixel {
    int at(int x, int y);
  }

  static ByteImage grey(int w, int h, Pixel f) {
    byte[] px = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        px[y * w + x] = (byte) f.at(x, y);
      }
    }
    return new ByteImage(w, h, 1, px);
  }

  private static float[] plane(FhogPlanes planes, int p) {
    float[] out = new float[planes.rows() * planes.cols()];
    System.arraycopy(planes.data(), planes.offset(p), out, 0, out.length);
    return out;
  }
}
