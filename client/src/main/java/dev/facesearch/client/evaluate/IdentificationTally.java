package dev.facesearch.client.evaluate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Counts the outcomes of an identification run: how often an enrolled person's probe comes back as
 * that person, how often a stranger (a person not enrolled) comes back as unknown, and who is
 * mistaken for whom. Not thread-safe: feed it from one thread.
 *
 * <p>A probe of an enrolled person in which no face is found counts as a miss. A stranger's image
 * without a face is counted apart and left out of the open-set rates, which are over the strangers'
 * faces: rejection rate + false accept rate = 1.
 */
public final class IdentificationTally {
  /**
   * A true person mistaken for another, as the top candidate.
   *
   * @param truth the person in the probe
   * @param predicted the top candidate
   * @param count how many probes
   */
  public record Confusion(String truth, String predicted, int count) {}

  private int probes;
  private int top1;
  private int topK;
  private int acceptedRight;
  private int acceptedWrong;
  private int probesWithoutFace;
  private int strangers;
  private int strangersAccepted;
  private int strangersWithoutFace;
  // Keyed "truth\0predicted" so the map's order is by truth, then predicted.
  private final Map<String, Integer> confusions = new TreeMap<>();

  /**
   * Records an enrolled person's probe.
   *
   * @param truth who it is
   * @param candidates the returned subjects, nearest first
   * @param known whether the top candidate was within the match threshold
   */
  public void probe(String truth, List<String> candidates, boolean known) {
    probes++;
    boolean right = !candidates.isEmpty() && candidates.getFirst().equals(truth);
    if (right) {
      top1++;
    } else if (!candidates.isEmpty()) {
      confusions.merge(truth + '\0' + candidates.getFirst(), 1, Integer::sum);
    }
    if (candidates.contains(truth)) {
      topK++;
    }
    if (known && right) {
      acceptedRight++;
    } else if (known) {
      acceptedWrong++;
    }
  }

  /** Records an enrolled person's probe in which no face was found. */
  public void probeWithoutFace() {
    probes++;
    probesWithoutFace++;
  }

  /** Records a stranger's image, and whether it was (wrongly) taken for someone enrolled. */
  public void stranger(boolean known) {
    strangers++;
    if (known) {
      strangersAccepted++;
    }
  }

  /** Records a stranger's image in which no face was found. */
  public void strangerWithoutFace() {
    strangers++;
    strangersWithoutFace++;
  }

  public int probes() {
    return probes;
  }

  /** Probes whose top candidate is the right person, whatever the threshold. */
  public int top1() {
    return top1;
  }

  /** Probes with the right person among the candidates. */
  public int topK() {
    return topK;
  }

  /** Probes whose top candidate is the right person and within the threshold. */
  public int acceptedRight() {
    return acceptedRight;
  }

  /** Probes taken, within the threshold, for somebody else. */
  public int acceptedWrong() {
    return acceptedWrong;
  }

  public int probesWithoutFace() {
    return probesWithoutFace;
  }

  public int strangers() {
    return strangers;
  }

  public int strangersAccepted() {
    return strangersAccepted;
  }

  public int strangersWithoutFace() {
    return strangersWithoutFace;
  }

  public int strangersRejected() {
    return strangers - strangersWithoutFace - strangersAccepted;
  }

  /** top1 / probes; empty without probes. */
  public OptionalDouble top1Accuracy() {
    return ratio(top1, probes);
  }

  /** Strangers' faces that came back unknown, over strangers' faces; empty without any. */
  public OptionalDouble rejectionRate() {
    return ratio(strangersRejected(), strangers - strangersWithoutFace);
  }

  /** Strangers' faces taken for someone enrolled, over strangers' faces; empty without any. */
  public OptionalDouble falseAcceptRate() {
    return ratio(strangersAccepted, strangers - strangersWithoutFace);
  }

  /** The most frequent confusions, most frequent first, then by names. */
  public List<Confusion> confusions(int limit) {
    List<Confusion> all = new ArrayList<>();
    confusions.forEach((key, count) -> {
      int split = key.indexOf('\0');
      all.add(new Confusion(key.substring(0, split), key.substring(split + 1), count));
    });
    all.sort(Comparator.comparingInt(Confusion::count).reversed());
    return List.copyOf(all.subList(0, Math.min(limit, all.size())));
  }

  private static OptionalDouble ratio(int part, int whole) {
    return whole == 0 ? OptionalDouble.empty() : OptionalDouble.of(part / (double) whole);
  }
}
