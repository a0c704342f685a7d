package dev.facesearch.client.evaluate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An LFW pairs file, as the benchmark distributes it.
 *
 * <p>{@code pairs.txt} (View 2) starts with "10 300": 10 folds of 300 matched pairs then 300
 * mismatched pairs. {@code pairsDevTrain.txt} and {@code pairsDevTest.txt} (View 1) start with a
 * single count, e.g. "1100": one fold of that many matched then that many mismatched pairs. A
 * matched pair is "Name n1 n2", a mismatched one "Name1 n1 Name2 n2", separated by tabs or spaces.
 * The fold of a line is given by its position; blank lines are skipped.
 *
 * @param folds how many folds
 * @param pairsPerHalfFold matched pairs per fold, equal to mismatched pairs per fold
 * @param pairs all pairs, in file order
 */
public record LfwPairs(int folds, int pairsPerHalfFold, List<LfwPair> pairs) {
  public LfwPairs {
    pairs = List.copyOf(pairs);
  }

  /** Reads a file; a malformed one fails with "file:line: what is wrong". */
  public static LfwPairs read(Path file) throws IOException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Parses the lines of a pairs file.
   *
   * @param source names the file in error messages
   * @throws IllegalArgumentException "source:line: what is wrong"
   */
  public static LfwPairs parse(List<String> lines, String source) {
    int folds = 0;
    int perHalf = 0;
    List<LfwPair> pairs = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i).strip();
      if (text.isEmpty()) {
        continue;
      }
      String[] fields = text.split("\\s+");
      String where = source + ":" + (i + 1) + ": ";
      if (folds == 0) {
        if (fields.length > 2) {
          throw new IllegalArgumentException(
              where + "expected a header 'FOLDS PAIRS' or 'PAIRS', got '" + text + "'");
        }
        folds = fields.length == 2 ? positive(fields[0], where, "folds") : 1;
        perHalf = positive(fields[fields.length - 1], where, "pairs per half-fold");
        continue;
      }
      int fold = pairs.size() / (2 * perHalf);
      try {
        if (fields.length == 3) {
          pairs.add(
              new LfwPair(
                  fold,
                  true,
                  new LfwImage(fields[0], number(fields[1])),
                  new LfwImage(fields[0], number(fields[2])),
                  i + 1));
        } else if (fields.length == 4) {
          pairs.add(
              new LfwPair(
                  fold,
                  false,
                  new LfwImage(fields[0], number(fields[1])),
                  new LfwImage(fields[2], number(fields[3])),
                  i + 1));
        } else {
          throw new IllegalArgumentException(
              "expected 'Name n1 n2' or 'Name1 n1 Name2 n2', got '" + text + "'");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + e.getMessage(), e);
      }
    }
    if (folds == 0) {
      throw new IllegalArgumentException(source + ": empty pairs file");
    }
    long expected = 2L * folds * perHalf;
    if (pairs.size() != expected) {
      throw new IllegalArgumentException(
          source
              + ": the header announces "
              + folds
              + " folds of "
              + perHalf
              + " + "
              + perHalf
              + " pairs ("
              + expected
              + "), but the file has "
              + pairs.size());
    }
    return new LfwPairs(folds, perHalf, pairs);
  }

  /** The pairs of one fold. */
  public List<LfwPair> fold(int fold) {
    int size = 2 * pairsPerHalfFold;
    return pairs.subList(fold * size, (fold + 1) * size);
  }

  /** Every image the pairs name, each once, in order of first mention. */
  public Set<LfwImage> images() {
    Set<LfwImage> images = new LinkedHashSet<>();
    for (LfwPair pair : pairs) {
      images.add(pair.first());
      images.add(pair.second());
    }
    return images;
  }

  private static int positive(String field, String where, String what) {
    try {
      int value = Integer.parseInt(field);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below, with the line.
    }
    throw new IllegalArgumentException(
        where + what + " must be a positive integer, got '" + field + "'");
  }

  private static int number(String field) {
    try {
      return Integer.parseInt(field);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + field + "' is not an image number", e);
    }
  }
}
