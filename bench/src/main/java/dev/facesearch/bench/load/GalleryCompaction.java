package dev.facesearch.bench.load;

import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.gallery.CompactionProgress;
import dev.facesearch.server.gallery.Gallery;
import dev.facesearch.server.gallery.lucene.LuceneGallery;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.ExecutionException;

/**
 * Compacts a collection of the data folder before the server starts, through the product's own
 * compaction (what {@code CompactCollection} runs), so that the harness can measure a gallery as
 * bulk-loaded and as an operator leaves it after {@code collections compact}.
 */
public final class GalleryCompaction {
  private GalleryCompaction() {}

  public static CompactionProgress compact(ServerSettings settings, String collection)
      throws IOException, InterruptedException {
    try (Gallery gallery = LuceneGallery.open(settings, Clock.systemUTC())) {
      return gallery.compact(collection).finished().get();
    } catch (ExecutionException e) {
      throw new IOException("compaction of " + collection + " failed", e.getCause());
    }
  }
}
