package dev.facesearch.server.detect.hog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the compact file: the real one, and malformed ones refused with a reason. */
class HogModelTest {
  private static final float[] ONES = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

  @Test
  void parse_frontalFaceDetector_hasDlibsSettings() throws IOException {
    HogModel model = HogModel.parse(Files.readAllBytes(CompactModels.assumeFrontalFace()));
    assertEquals(8, model.cellSize);
    assertEquals(10, model.boxWidthCells());
    assertEquals(10, model.boxHeightCells());
    assertEquals(5, model.filters.size());
    assertEquals(0.330082, model.iouThreshold, 1e-6);
    assertEquals(0.788571, model.coveredThreshold, 1e-6);
    int terms = model.filters.stream().mapToInt(f -> f.terms().size()).sum();
    assertEquals(305, terms);
  }

  @Test
  void parse_synthetic_roundTrips() {
    HogModel.Filter filter = new HogModel.Filter(-1.5, List.of(new HogModel.Term(27, ONES, ONES)));
    HogModel model = HogModel.parse(CompactModels.write(List.of(filter, filter)));
    assertEquals(2, model.filters.size());
    assertEquals(-1.5, model.filters.get(1).threshold());
    assertEquals(27, model.filters.get(0).terms().get(0).plane());
  }

  @Test
  void parse_malformed_isRefusedWithTheReason() {
    HogModel.Filter filter = new HogModel.Filter(0.5, List.of(new HogModel.Term(3, ONES, ONES)));
    byte[] good = CompactModels.write(List.of(filter));
    assertReason("bad magic", edit(good, 0, 'X'));
    assertReason("version 9", edit(good, 8, 9));
    assertReason("truncated", Arrays.copyOf(good, good.length - 3));
    assertReason("bytes after the last filter", Arrays.copyOf(good, good.length + 4));
    assertReason("cell size out of range", edit(good, 12, 0));
    assertReason("only 6 is supported", edit(good, 28, 2));
    HogModel.Filter badPlane = new HogModel.Filter(0.5, List.of(new HogModel.Term(31, ONES, ONES)));
    assertReason("plane 31", CompactModels.write(List.of(badPlane)));
    float[] nan = ONES.clone();
    nan[4] = Float.NaN;
    HogModel.Filter badTap = new HogModel.Filter(0.5, List.of(new HogModel.Term(1, nan, ONES)));
    assertReason("tap NaN", CompactModels.write(List.of(badTap)));
  }

  private static byte[] edit(byte[] bytes, int at, int value) {
    byte[] copy = bytes.clone();
    copy[at] = (byte) value;
    return copy;
  }

  private static void assertReason(String reason, byte[] bytes) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HogModel.parse(bytes));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }
}
