package dev.facesearch.server.detect.hog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Level counts, level sizes and the coordinate maps of dlib's two pyramids. */
class ImagePyramidTest {
  @Test
  void levelCount_250x250_isEightLevels() {
    // Rectangles 0..249 -> 0..207 -> 0..172 -> 0..143 -> 0..119 -> 0..99 -> 0..82 -> 0..68, then
    // 0..56 is under 64: eight levels.
    assertEquals(8, ImagePyramid.levelCount(250, 250, 64, 64, 1000));
    assertEquals(3, ImagePyramid.levelCount(250, 250, 64, 64, 3));
    assertEquals(1, ImagePyramid.levelCount(60, 600, 64, 64, 1000));
    assertEquals(1, ImagePyramid.levelCount(1, 1, 64, 64, 1000));
  }

  @Test
  void down_sizesAreFiveSixthsRoundedDown() {
    List<Integer> widths = new ArrayList<>();
    ByteImage level = new ByteImage(250, 250, 3, new byte[250 * 250 * 3]);
    for (int l = 0; l < 8; l++) {
      widths.add(level.width());
      level = ImagePyramid.down(level);
    }
    assertEquals(List.of(250, 208, 173, 144, 120, 100, 83, 69), widths);
  }

  @Test
  void up_250x250_is502x501() {
    // The rectangle's corners map by (p + (1.25, 0.75)) * 2: right 500.5 -> 501, bottom 499.5 ->
    // 500.
    ByteImage up = ImagePyramid.up(new ByteImage(250, 250, 1, new byte[250 * 250]));
    assertEquals(502, up.width());
    assertEquals(501, up.height());
  }

  @Test
  void fromUpsampled_undoesTheUpsamplingToWithinAPixel() {
    Box box = new Box(40, 60, 119, 139);
    Box up = box.map(x -> (x + 1.25) * 2, y -> (y + 0.75) * 2);
    Box back = ImagePyramid.fromUpsampled(up, 1);
    assertTrue(
        Math.abs(back.left() - box.left()) <= 1 && Math.abs(back.bottom() - box.bottom()) <= 1,
        back.toString());
    assertEquals(new Box(5, 4, 15, 14), ImagePyramid.fromUpsampled(new Box(13, 10, 33, 30), 1));
  }

  @Test
  void fromLevel_scalesBySixFifthsPerLevelPlusAnOffset() {
    Box box = new Box(-4, -4, 75, 75);
    assertEquals(box, ImagePyramid.fromLevel(box, 0));
    // 75 * 1.2 + 0.3 = 90.3 -> 90; -4 * 1.2 + 0.3 = -4.5 -> floor(-4.0) = -4.
    assertEquals(new Box(-4, -4, 90, 90), ImagePyramid.fromLevel(box, 1));
    // Twice: 90.3 * 1.2 + 0.3 = 108.66 -> 109; -4.5 * 1.2 + 0.3 = -5.1 -> -5.
    assertEquals(new Box(-5, -5, 109, 109), ImagePyramid.fromLevel(box, 2));
  }
}
