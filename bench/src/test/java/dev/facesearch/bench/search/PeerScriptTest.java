package dev.facesearch.bench.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real script on a small gallery, with whichever of hnswlib and FAISS the interpreter has
 * (skipped if it has neither): an ef as large as the gallery makes every HNSW search exhaustive, so
 * every engine must find the exact neighbours, through the files both sides write and read.
 */
class PeerScriptTest {
  @TempDir Path folder;

  @Test
  void run_widestSearch_findsTheExactNeighbours() throws Exception {
    SyntheticGallery g = SyntheticGallery.generate(new FaceLikeModel(), 400, 4, 25, 3);
    Path faces = folder.resolve("faces.f32");
    Path queries = folder.resolve("queries.f32");
    PeerFiles.writeFloats(faces, g.faces());
    PeerFiles.writeFloats(queries, g.queries());
    PeerPlan plan =
        PeerPlan.parse(new String[] {"--faces=400", "--queries=25", "--k=400", "--measure=0.05"});
    PeerScript.Run run = PeerScript.run(plan, faces, queries, g.dimension(), folder);
    assumeTrue(run.output().isPresent(), run.note());
    PeerOutput output = run.output().get();
    assumeTrue(output.missing().size() < 2, "neither hnswlib nor FAISS: " + output.missing());

    int[][] truth = new int[25][];
    for (int q = 0; q < 25; q++) {
      NearestN nearest = new NearestN(GalleryBench.RECALL_AT);
      for (int f = 0; f < g.size(); f++) {
        nearest.offer(
            f, org.apache.lucene.util.VectorUtil.squareDistance(g.queries()[q], g.faces()[f]));
      }
      truth[q] = nearest.faces();
    }
    List<String> engines = output.results().stream().map(PeerOutput.Result::engine).toList();
    assertTrue(engines.size() >= 1, output.toString());
    for (PeerOutput.Result result : output.results()) {
      int[][] found = PeerFiles.readIds(folder.resolve(result.ids()), 25, GalleryBench.RECALL_AT);
      assertEquals(1.0, Quality.recall(found, truth), 1e-9, result.engine());
      assertTrue(result.qps() > 0 && result.queries() >= 25, result.toString());
    }
  }

  @Test
  void interpreter_isTheOneGiven() {
    assertEquals(
        "/opt/py/bin/python3", PeerScript.interpreter(Optional.of(Path.of("/opt/py/bin/python3"))));
  }
}
