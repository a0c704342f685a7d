package dev.facesearch.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingCsvWriterTest {
  @TempDir Path dir;

  @Test
  void field_quotesWhatAReaderWouldMisread() {
    assertEquals("Ann", EmbeddingCsvWriter.field("Ann"));
    assertEquals("\"Doe, J\"", EmbeddingCsvWriter.field("Doe, J"));
    assertEquals("\"say \"\"hi\"\"\"", EmbeddingCsvWriter.field("say \"hi\""));
    assertEquals("\"1975\"", EmbeddingCsvWriter.field("1975"));
    assertEquals("\"#1\"", EmbeddingCsvWriter.field("#1"));
    assertEquals("\" pad\"", EmbeddingCsvWriter.field(" pad"));
  }

  /** What the writer writes, EmbeddingCsv reads back: the same labels and the same floats. */
  @Test
  void written_readsBackExactly() {
    Path file = dir.resolve("sub/e.csv");
    SplittableRandom random = new SplittableRandom(7);
    List<String> labels = List.of("Ann", "Doe, \"J\"", "1975", "#hash", " pad ", "1e5");
    float[][] values = new float[labels.size()][];
    try (EmbeddingCsvWriter csv = new EmbeddingCsvWriter(file)) {
      csv.comment("subject,v1,...,v3");
      for (int i = 0; i < labels.size(); i++) {
        values[i] =
            new float[] {
              (float) random.nextGaussian(), Float.MIN_VALUE, (float) random.nextDouble() * 1e-7f
            };
        csv.write(values[i], labels.get(i));
      }
      assertFalse(Files.exists(file), "appears only when complete");
      csv.commit();
    }
    List<EmbeddingCsv.Row> rows = EmbeddingCsv.read(file, false);
    assertEquals(labels.size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(labels.get(i), rows.get(i).label().orElseThrow());
      assertArrayEquals(values[i], rows.get(i).values());
    }
  }
}
