package dev.facesearch.client.evaluate;

/**
 * A pair of faces with its distance, and whether they truly show the same person.
 *
 * @param distance lower is more alike; a finite number
 * @param same true for a matched pair, false for a mismatched one
 */
public record ScoredPair(double distance, boolean same) {
  public ScoredPair {
    if (!Double.isFinite(distance)) {
      throw new IllegalArgumentException("distance is not finite: " + distance);
    }
  }
}
