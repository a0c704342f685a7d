package dev.facesearch.server.gallery.lucene;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.util.InfoStream;

/**
 * How far the HNSW graph of the merge running now has been built, from the messages Lucene's graph
 * builder writes to its info stream: "built K in T ms" every 10,000 vectors (K counts the merged
 * segment's vectors, those of a reused graph included). Listens to nothing else, so the writer
 * formats no other message.
 */
final class MergeProgress extends InfoStream {
  private static final String HNSW = "HNSW";
  private static final Pattern BUILT = Pattern.compile("^built (\\d+) in ");

  private volatile long built;

  @Override
  public boolean isEnabled(String component) {
    return HNSW.equals(component);
  }

  @Override
  public void message(String component, String message) {
    if (!HNSW.equals(component)) {
      return;
    }
    Matcher progress = BUILT.matcher(message);
    if (progress.find()) {
      built = Long.parseLong(progress.group(1));
    }
  }

  /** Forgets the merges before now. */
  void reset() {
    built = 0;
  }

  /** Vectors the graph being built holds so far, to the last 10,000. */
  long built() {
    return built;
  }

  @Override
  public void close() {}
}
