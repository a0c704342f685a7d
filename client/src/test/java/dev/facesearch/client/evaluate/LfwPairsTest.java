package dev.facesearch.client.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LfwPairsTest {
  @TempDir Path dir;

  @Test
  void view2_foldsOfMatchedThenMismatched() {
    LfwPairs pairs =
        LfwPairs.parse(
            List.of(
                "2\t2",
                "Abel_Pacheco\t1\t4",
                "Akhmed_Zakayev\t1\t3",
                "Abdel_Madi_Shabaneh\t1\tDean_Barker\t1",
                "Abdel_Madi_Shabaneh  1  Giancarlo_Fisichella  1",
                "Abel_Pacheco 2 3",
                "Tom_Hanks 5 10",
                "Abel_Pacheco 1 Tom_Hanks 10",
                "Zico 3 Abel_Pacheco 4",
                ""),
            "pairs.txt");
    assertEquals(2, pairs.folds());
    assertEquals(2, pairs.pairsPerHalfFold());
    assertEquals(8, pairs.pairs().size());
    LfwPair first = pairs.pairs().getFirst();
    assertTrue(first.same());
    assertEquals(new LfwImage("Abel_Pacheco", 1), first.first());
    assertEquals(new LfwImage("Abel_Pacheco", 4), first.second());
    assertEquals(2, first.line());
    LfwPair mismatched = pairs.pairs().get(2);
    assertFalse(mismatched.same());
    assertEquals(new LfwImage("Dean_Barker", 1), mismatched.second());
    assertEquals(List.of(0, 0, 0, 0), pairs.fold(0).stream().map(LfwPair::fold).toList());
    assertEquals(List.of(1, 1, 1, 1), pairs.fold(1).stream().map(LfwPair::fold).toList());
    // Abel_Pacheco 1 and 4 twice, Tom_Hanks 10 twice: 16 mentions, 12 distinct images.
    assertEquals(12, pairs.images().size());
  }

  @Test
  void view1_singleCountIsOneFold() {
    LfwPairs pairs =
        LfwPairs.parse(List.of("2", "A 1 2", "B 1 3", "A 1 B 1", "B 2 C 1"), "pairsDevTrain.txt");
    assertEquals(1, pairs.folds());
    assertEquals(4, pairs.fold(0).size());
  }

  @Test
  void malformed_namesFileAndLine() {
    IllegalArgumentException count =
        assertThrows(
            IllegalArgumentException.class,
            () -> LfwPairs.parse(List.of("2 1", "A 1 2", "A 1 B 1"), "p.txt"));
    assertTrue(
        count.getMessage().contains("4") && count.getMessage().contains("has 2"),
        count.getMessage());
    IllegalArgumentException number =
        assertThrows(
            IllegalArgumentException.class,
            () -> LfwPairs.parse(List.of("1", "A 1 x", "A 1 B 1"), "p.txt"));
    assertTrue(number.getMessage().startsWith("p.txt:2: 'x'"), number.getMessage());
    IllegalArgumentException fields =
        assertThrows(
            IllegalArgumentException.class,
            () -> LfwPairs.parse(List.of("1", "A 1 2", "A 1 B 1 2"), "p.txt"));
    assertTrue(fields.getMessage().startsWith("p.txt:3: expected"), fields.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LfwPairs.parse(List.of("0 5"), "p.txt"));
    assertThrows(IllegalArgumentException.class, () -> LfwPairs.parse(List.of(), "p.txt"));
    assertThrows(
        IllegalArgumentException.class,
        () -> LfwPairs.parse(List.of("1", "A 0 2", "A 1 B 1"), "p.txt"));
  }

  @Test
  void images_inPersonFoldersOrFlat() throws IOException {
    LfwImage nested = new LfwImage("George_W_Bush", 7);
    LfwImage flat = new LfwImage("Zico", 12);
    assertEquals("George_W_Bush_0007.jpg", nested.fileName());
    assertEquals("Zico_0012", flat.id());
    Files.createDirectories(dir.resolve("George_W_Bush"));
    Files.writeString(dir.resolve("George_W_Bush/George_W_Bush_0007.jpg"), "x");
    Files.writeString(dir.resolve("Zico_0012.jpg"), "x");
    assertEquals(
        Optional.of(dir.resolve("George_W_Bush/George_W_Bush_0007.jpg")), nested.find(dir));
    assertEquals(Optional.of(dir.resolve("Zico_0012.jpg")), flat.find(dir));
    assertEquals(Optional.empty(), new LfwImage("Zico", 13).find(dir));
  }
}
