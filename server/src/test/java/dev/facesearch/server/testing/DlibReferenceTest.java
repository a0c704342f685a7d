package dev.facesearch.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The dlib golden fixture: complete, and made from the same pixels as this machine decodes. */
class DlibReferenceTest {
  @Test
  void fixture_coversEveryCaseWithTheSamePixels() {
    SharedFaces.assumePresent();
    List<DlibReference.Entry> entries = DlibReference.load();
    assertEquals(
        HardCases.all().stream().map(HardCases.Case::toString).toList(),
        entries.stream().map(e -> e.source().toString()).toList(),
        "the fixture's cases are HardCases.all(): remake it (src/test/dlib/make-dlib-faces.sh)");
    long same = entries.stream().filter(e -> e.imageIfSame() != null).count();
    System.out.printf(
        "dlib reference: %d of %d cases decode to the same pixels%n", same, entries.size());
    assertEquals(entries.size(), same, "cases that decode to other pixels here");
    long faces = entries.stream().mapToLong(e -> e.faces().size()).sum();
    assertTrue(faces > entries.size(), "faces in the fixture: " + faces);
  }

  /**
   * Remakes the fixture with dlib's program ({@code -Dfacesearch.dlibFaces}) and landmark model
   * ({@code -Dfacesearch.dlib.shapePredictorDat}); see {@code src/test/dlib/README.md}.
   */
  @Test
  @EnabledIfSystemProperty(named = "facesearch.dlibFaces", matches = ".+")
  void remakeFixture() throws Exception {
    Path out = Path.of("src/test/resources" + DlibReference.FIXTURE);
    DlibReference.remake(
        Path.of(System.getProperty("facesearch.dlibFaces")),
        Path.of(System.getProperty("facesearch.dlib.shapePredictorDat")),
        out);
    System.out.println("wrote " + out.toAbsolutePath());
  }
}
