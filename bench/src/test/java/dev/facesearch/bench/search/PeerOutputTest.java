package dev.facesearch.bench.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeerOutputTest {
  @Test
  void parse_readsEveryKindTheScriptPrints() {
    PeerOutput output =
        PeerOutput.parse(
            List.of(
                "{\"kind\": \"missing\", \"module\": \"faiss\", \"reason\": \"No module named"
                    + " 'faiss'\"}",
                "{\"kind\": \"info\", \"python\": \"3.11.2\", \"hnswlib\": \"0.6.1\"}",
                "{\"kind\": \"build\", \"engine\": \"hnswlib HNSW M16 efc100\", \"seconds\":"
                    + " 12.5, \"threads\": 2}",
                "",
                "{\"kind\": \"result\", \"engine\": \"hnswlib HNSW M16 efc100\", \"setting\": 50,"
                    + " \"qps\": 9876.5, \"queries\": 20000, \"seconds\": 2.025, \"ids\":"
                    + " \"hnswlib-50.i32\"}",
                "{\"kind\": \"overhead\", \"engine\": \"hnswlib HNSW M16 efc100\", \"micros\":"
                    + " 1.9}"));
    assertEquals(
        List.of(new PeerOutput.Missing("faiss", "No module named 'faiss'")), output.missing());
    assertEquals("3.11.2", output.info().get("python"));
    assertEquals("0.6.1", output.info().get("hnswlib"));
    assertEquals(12.5, output.buildSeconds("hnswlib HNSW M16 efc100"));
    assertTrue(Double.isNaN(output.buildSeconds("FAISS FlatL2 exact")));
    PeerOutput.Result result = output.results().getFirst();
    assertEquals(50, result.setting());
    assertEquals(9876.5, result.qps());
    assertEquals(20_000, result.queries());
    assertEquals("hnswlib-50.i32", result.ids());
    assertEquals(1.9, output.overheads().getFirst().micros());
    assertTrue(output.ignored().isEmpty());
  }

  @Test
  void parse_keepsStrayLinesAside() {
    PeerOutput output =
        PeerOutput.parse(
            List.of(
                "Loading faiss with AVX2 support.",
                "[1, 2, 3]",
                "{\"no_kind\": true}",
                "{\"kind\": \"later\", \"x\": 1}"));
    assertEquals(4, output.ignored().size());
    assertTrue(output.results().isEmpty());
  }

  @Test
  void parse_refusesAKnownKindWithoutItsFields() {
    assertThrows(
        IllegalArgumentException.class,
        () -> PeerOutput.parse(List.of("{\"kind\": \"result\", \"engine\": \"x\", \"qps\": 1}")));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            PeerOutput.parse(
                List.of(
                    "{\"kind\": \"build\", \"engine\": \"x\", \"seconds\": \"soon\","
                        + " \"threads\": 1}")));
  }
}
