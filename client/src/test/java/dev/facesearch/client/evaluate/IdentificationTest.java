package dev.facesearch.client.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class IdentificationTest {
  @Test
  void split_enrollsFirstNOfPeopleWithMoreThanN() {
    Map<String, List<String>> people = new LinkedHashMap<>();
    people.put("ann", List.of("a1", "a2", "a3", "a4"));
    people.put("bob", List.of("b1", "b2", "b3"));
    people.put("cy", List.of("c1"));
    IdentificationSplit<String> split = IdentificationSplit.of(people, 3);
    assertEquals(Map.of("ann", List.of("a1", "a2", "a3")), split.enroll());
    assertEquals(Map.of("ann", List.of("a4")), split.probes());
    assertEquals(Map.of("bob", List.of("b1", "b2", "b3"), "cy", List.of("c1")), split.strangers());
    assertEquals(4, split.strangerCount());
  }

  @Test
  void tally_ratesAndConfusions() {
    IdentificationTally tally = new IdentificationTally();
    tally.probe("ann", List.of("ann", "bob"), true);
    tally.probe("ann", List.of("bob", "ann"), false);
    tally.probe("ann", List.of("bob", "cy"), true);
    tally.probe("cy", List.of("bob"), false);
    tally.probeWithoutFace();
    tally.stranger(false);
    tally.stranger(false);
    tally.stranger(true);
    tally.strangerWithoutFace();
    assertEquals(5, tally.probes());
    assertEquals(OptionalDouble.of(0.2), tally.top1Accuracy());
    assertEquals(2, tally.topK());
    assertEquals(1, tally.acceptedRight());
    assertEquals(1, tally.acceptedWrong());
    assertEquals(OptionalDouble.of(2 / 3.0), tally.rejectionRate());
    assertEquals(OptionalDouble.of(1 / 3.0), tally.falseAcceptRate());
    assertEquals(
        List.of(
            new IdentificationTally.Confusion("ann", "bob", 2),
            new IdentificationTally.Confusion("cy", "bob", 1)),
        tally.confusions(10));
    assertEquals(1, tally.confusions(1).size());
    assertEquals(OptionalDouble.empty(), new IdentificationTally().rejectionRate());
  }

  @Test
  void faceChoice_centralOrLargest() {
    List<FaceChoice.Box> faces =
        List.of(
            new FaceChoice.Box(0, 0, 120, 120), // large, in the corner
            new FaceChoice.Box(80, 80, 90, 90)); // centred in 250x250
    assertEquals(1, FaceChoice.CENTRAL.pick(faces, 250, 250));
    assertEquals(0, FaceChoice.LARGEST.pick(faces, 250, 250));
  }
}
