package dev.facesearch.server.detect.hog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline with a made-up filter, no dlib model needed: 10x10 box filters over the nine
 * unsigned orientation planes find a square of noise on a flat background where it is.
 */
class SyntheticDetectorTest {
  private static final float[] ONES = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

  @Test
  void detect_noiseSquare_isFoundWhereItIs() {
    List<HogModel.Term> terms = new java.util.ArrayList<>();
    for (int plane = 18; plane < 27; plane++) {
      terms.add(new HogModel.Term(plane, ONES, ONES));
    }
    HogModel.Filter texture = new HogModel.Filter(20.0, terms);
    HogFaceDetector detector =
        new HogFaceDetector(
            HogModel.parse(CompactModels.write(List.of(texture))), ScalarKernel.INSTANCE);
    int w = 240;
    int h = 200;
    int left = 96;
    int top = 48;
    byte[] grey = new byte[w * h];
    java.util.Arrays.fill(grey, (byte) 100);
    Random random = new Random(8);
    for (int y = top; y < top + 80; y++) {
      for (int x = left; x < left + 80; x++) {
        grey[y * w + x] = (byte) random.nextInt(256);
      }
    }
    List<HogDetection> found = detector.detectGrey(w, h, grey, 0, 0);
    assertTrue(!found.isEmpty());
    HogDetection best = found.getFirst();
    assertEquals(0, best.filterIndex());
    // A level-0 window is 73 pixels; its centre is on the square's (135.5, 87.5).
    assertEquals(73, best.width(), best.toString());
    assertEquals(left + 39.5, (best.left() + best.right()) / 2.0, 6, best.toString());
    assertEquals(top + 39.5, (best.top() + best.bottom()) / 2.0, 6, best.toString());
    // Upsampled once, the square is 160 pixels; noise looks alike at every scale, so the best
    // window may be any that fits in the square, but it is in the square.
    HogDetection up = detector.detectGrey(w, h, grey, 1, 0).getFirst();
    assertTrue(
        up.left() >= left - 8
            && up.top() >= top - 8
            && up.right() <= left + 79 + 8
            && up.bottom() <= top + 79 + 8,
        up.toString());
  }
}
