package dev.facesearch.client.evaluate;

/**
 * The true accept rate at a target false accept rate.
 *
 * <p>With N mismatched pairs, a target FAR allows floor(FAR * N) false accepts (3 of 3,000 for
 * 1e-3). The threshold is the largest that accepts no more than that, with no interpolation between
 * ROC points: the reported TAR is one a real threshold achieves, and {@link #far} is the false
 * accept rate it really has, at most the target.
 *
 * @param targetFar the FAR asked for
 * @param allowedFalseAccepts floor(targetFar * mismatched pairs)
 * @param threshold the distance threshold that achieves it
 * @param tar accepted matched pairs / matched pairs at that threshold
 * @param far accepted mismatched pairs / mismatched pairs at that threshold
 * @param falseAccepts accepted mismatched pairs at that threshold
 */
public record TarAtFar(
    double targetFar,
    long allowedFalseAccepts,
    double threshold,
    double tar,
    double far,
    long falseAccepts) {}
