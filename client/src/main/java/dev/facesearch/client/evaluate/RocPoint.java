package dev.facesearch.client.evaluate;

/**
 * A point of the ROC curve: the rates when every pair at most {@code threshold} apart is accepted.
 *
 * @param threshold the distance threshold
 * @param far false accept rate, accepted mismatched pairs / mismatched pairs
 * @param tar true accept rate, accepted matched pairs / matched pairs
 */
public record RocPoint(double threshold, double far, double tar) {}
