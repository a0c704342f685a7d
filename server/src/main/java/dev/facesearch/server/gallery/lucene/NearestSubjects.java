package dev.facesearch.server.gallery.lucene;

import dev.facesearch.server.gallery.Match;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Keeps the nearest face seen of each subject, and ranks subjects by it. */
final class NearestSubjects {
  /** Nearest first; ties broken by subject id, then face id, so results are deterministic. */
  static final Comparator<Match> NEAREST_FIRST =
      Comparator.comparingDouble(Match::distance)
          .thenComparing(Match::subjectId)
          .thenComparing(Match::faceId);

  private final Map<String, Match> nearest = new HashMap<>();

  void offer(Match match) {
    nearest.merge(
        match.subjectId(),
        match,
        (old, candidate) -> NEAREST_FIRST.compare(candidate, old) < 0 ? candidate : old);
  }

  /** Distinct subjects seen so far. */
  int size() {
    return nearest.size();
  }

  /** The nearest subjects, nearest first; ties broken by ids so results are deterministic. */
  List<Match> top(int limit) {
    return nearest.values().stream().sorted(NEAREST_FIRST).limit(limit).toList();
  }
}
