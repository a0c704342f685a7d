package dev.facesearch.bench.search;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerTablesTest {
  @Test
  void print_comparesEveryEngineWithHnswlibAtEachTarget() {
    List<PeerRow> rows =
        List.of(
            new PeerRow("Lucene HNSW", "k", 50, 0.90, 0.55, 4_000),
            new PeerRow("Lucene HNSW", "k", 100, 0.96, 0.56, 2_000),
            new PeerRow("hnswlib HNSW M16 efc100", "ef", 50, 0.90, 0.55, 8_000),
            new PeerRow("hnswlib HNSW M16 efc100", "ef", 100, 0.96, 0.56, 4_000),
            new PeerRow("FAISS FlatL2 exact", "ef", 0, 1.0, 0.56, 100));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new PeerTables(rows, List.of(0.90, 0.99))
        .print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String text = bytes.toString(StandardCharsets.UTF_8);
    // Every sweep row, with its time per query.
    assertTrue(text.contains("| k=100 ") && text.contains("| 500 "), text);
    // At 0.90 both graphs reach it at their smallest setting, a lower bound: Lucene half hnswlib.
    assertTrue(
        text.matches("(?s).*\\| 0\\.90 +\\| Lucene HNSW .*\\| >= 4,000 +\\| 0\\.50 +\\|.*"), text);
    // At 0.99 only the exact scan gets there; the graphs are marked not reached.
    assertTrue(
        text.matches("(?s).*\\| 0\\.99 +\\| Lucene HNSW +\\| not reached \\(best 0\\.960.*"), text);
    assertTrue(
        text.matches("(?s).*\\| 0\\.99 +\\| FAISS FlatL2 exact +\\| exact .*\\| 100 +\\| - +\\|.*"),
        text);
  }
}
