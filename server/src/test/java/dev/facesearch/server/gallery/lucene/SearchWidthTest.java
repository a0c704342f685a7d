package dev.facesearch.server.gallery.lucene;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.gallery.Match;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a graph search's answer earns a second, wider search. */
class SearchWidthTest {
  private static final float THRESHOLD = 0.2f;
  private final FaceQueries.SearchWidth adaptive = new FaceQueries.SearchWidth(100, 400, THRESHOLD);

  private static List<Match> nearest(float... distances) {
    return java.util.stream.IntStream.range(0, distances.length)
        .mapToObj(i -> new Match("s" + i, "f" + i, distances[i]))
        .toList();
  }

  @Test
  void clearMatch_orClearStranger_isLeftAlone() {
    assertFalse(adaptive.uncertain(nearest(0.05f, 0.40f)));
    assertFalse(adaptive.uncertain(nearest(0.80f, 0.95f)));
    assertFalse(adaptive.uncertain(nearest(0.05f)));
    assertFalse(adaptive.uncertain(List.of()));
  }

  @Test
  void bestNearTheThreshold_orANearTie_isUncertain() {
    assertTrue(adaptive.uncertain(nearest(0.19f, 0.60f)), "known or not is open");
    assertTrue(adaptive.uncertain(nearest(0.22f, 0.60f)), "just above the threshold too");
    assertTrue(adaptive.uncertain(nearest(0.05f, 0.06f)), "which subject is first is open");
  }

  @Test
  void withoutAWiderCount_neverSearchesTwice() {
    FaceQueries.SearchWidth off = new FaceQueries.SearchWidth(100, 0, THRESHOLD);
    assertFalse(off.uncertain(nearest(0.19f, 0.20f)));
    FaceQueries.SearchWidth notWider = new FaceQueries.SearchWidth(100, 100, THRESHOLD);
    assertFalse(notWider.uncertain(nearest(0.19f, 0.20f)));
  }
}
