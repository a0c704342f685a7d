package dev.facesearch.server.detect.hog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sort dlib's detections go through: best first, and libstdc++'s order among ties. */
class DescendingSortTest {
  private record Item(double score, int id) {}

  @Test
  void sort_randomScores_isDescendingAndAPermutation() {
    Random random = new Random(1);
    for (int n : new int[] {0, 1, 2, 3, 16, 17, 33, 100, 1000, 5000}) {
      List<Item> items = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        items.add(new Item(random.nextInt(n / 3 + 1) - random.nextDouble(), i));
      }
      List<Item> sorted = new ArrayList<>(items);
      DescendingSort.sort(sorted, Item::score);
      for (int i = 1; i < n; i++) {
        assertTrue(sorted.get(i - 1).score() >= sorted.get(i).score(), "n " + n + " at " + i);
      }
      List<Item> expected = new ArrayList<>(items);
      expected.sort((a, b) -> Integer.compare(a.id(), b.id()));
      List<Item> back = new ArrayList<>(sorted);
      back.sort((a, b) -> Integer.compare(a.id(), b.id()));
      assertEquals(expected, back);
    }
  }

  @Test
  void sort_manyTies_leavesThemInLibstdcxxOrder() {
    // What std::sort(v.rbegin(), v.rend()) leaves with GCC 12's libstdc++ for score(i) = (31 i^2
    // + 17 i) mod 5: introsort with insertion sort below 17 elements, partitions above.
    assertOrder(5, 4, 1, 2, 0, 3);
    assertOrder(17, 14, 4, 9, 1, 2, 6, 7, 16, 12, 11, 15, 13, 10, 5, 3, 0, 8);
    assertOrder(
        40, 39, 24, 29, 4, 19, 9, 34, 14, 27, 22, 21, 31, 17, 16, 32, 12, 11, 7, 6, 36, 37, 2, 1,
        26, 33, 35, 30, 28, 25, 23, 20, 18, 15, 13, 10, 8, 5, 3, 0, 38);
    assertOrder(
        100, 69, 64, 74, 59, 54, 49, 79, 44, 39, 34, 29, 24, 89, 19, 14, 84, 9, 94, 99, 4, 81, 7,
        46, 47, 6, 71, 96, 51, 52, 77, 41, 76, 56, 57, 97, 2, 61, 62, 1, 72, 66, 67, 92, 16, 17, 91,
        21, 22, 12, 11, 42, 27, 87, 86, 82, 26, 36, 32, 31, 37, 88, 75, 85, 70, 78, 73, 90, 93, 80,
        83, 95, 0, 3, 5, 8, 10, 13, 15, 18, 20, 23, 25, 28, 30, 98, 35, 38, 40, 43, 45, 48, 50, 53,
        55, 58, 60, 63, 65, 68, 33);
  }

  @Test
  void sort_allEqual_comesOutReorderedAsLibstdcxxLeavesIt() {
    // Unstable: twenty equal scores do not stay in their input order.
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      items.add(new Item(1, i));
    }
    DescendingSort.sort(items, Item::score);
    assertEquals(
        "[18, 17, 16, 15, 14, 13, 12, 11, 10, 19, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9]",
        items.stream().map(Item::id).toList().toString());
  }

  private static void assertOrder(int n, int... expectedIds) {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(new Item((31 * i * i + 17 * i) % 5, i));
    }
    DescendingSort.sort(items, Item::score);
    int[] ids = items.stream().mapToInt(Item::id).toArray();
    assertEquals(java.util.Arrays.toString(expectedIds), java.util.Arrays.toString(ids));
  }
}
