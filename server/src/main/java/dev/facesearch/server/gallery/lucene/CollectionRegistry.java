package dev.facesearch.server.gallery.lucene;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.facesearch.server.core.AlreadyExistsException;
import dev.facesearch.server.core.NotFoundException;
import dev.facesearch.server.core.UnavailableException;
import dev.facesearch.server.gallery.CollectionSpec;
import dev.facesearch.server.gallery.CollectionStats;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.lucene.util.IOUtils;

/**
 * The collections on disk, one index folder each under {@code <data>/collections}, and a bounded
 * cache of the open ones.
 *
 * <p>A call leases an open index ({@link #lease}) and releases it when done. The cache may evict an
 * index at any time; an evicted index closes after its last lease, and reopening the same
 * collection waits for that close, since only one writer may hold an index.
 *
 * <p>Creating and deleting are atomic on disk: a new collection is built in a hidden folder and
 * renamed into place; a deleted one is renamed to a hidden folder, then removed. Hidden folders
 * left by a crash are removed at start.
 */
final class CollectionRegistry implements Closeable {
  private static final Logger logger = Logger.getLogger(CollectionRegistry.class.getName());
  private static final String BUILDING = ".building-";
  private static final String DELETING = ".deleting-";
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

  private final Path root;
  private final CollectionIndex.Options options;
  private final LoadingCache<String, CollectionIndex> open;
  private final ConcurrentMap<String, CollectionIndex> closing = new ConcurrentHashMap<>();
  private final Set<String> deleting = ConcurrentHashMap.newKeySet();

  /** Serialises creating and deleting collections, which are rare. */
  private final Object lifecycle = new Object();

  CollectionRegistry(Path root, int maxOpen, CollectionIndex.Options options) throws IOException {
    this.root = root;
    this.options = options;
    Files.createDirectories(root);
    removeLeftovers();
    this.open =
        Caffeine.newBuilder()
            .maximumSize(maxOpen)
            // Run removals on the caller, so an invalidated index is retiring when it returns.
            .executor(Runnable::run)
            .removalListener(this::retire)
            .recordStats()
            .build(this::load);
  }

  /** An index leased for one call; closing the lease releases it. */
  record Lease(CollectionRegistry registry, CollectionIndex index) implements AutoCloseable {
    @Override
    public void close() {
      registry.release(index);
    }
  }

  /**
   * Leases the open index of a collection, opening it if needed.
   *
   * @throws NotFoundException if the collection does not exist
   */
  Lease lease(String name) {
    while (true) {
      CollectionIndex index = open.get(name);
      if (index.tryAcquire()) {
        return new Lease(this, index);
      }
      // Evicted between get and acquire: the next get opens it again.
    }
  }

  private void release(CollectionIndex index) {
    index.release();
    if (index.failed()) {
      open.asMap().remove(index.spec().name(), index);
    }
  }

  private CollectionIndex load(String name) {
    if (deleting.contains(name)) {
      throw notFound(name);
    }
    CollectionIndex previous = closing.get(name);
    if (previous != null) {
      awaitClosed(previous);
    }
    Path folder = root.resolve(name);
    if (!Files.isDirectory(folder)) {
      throw notFound(name);
    }
    try {
      return CollectionIndex.open(folder, name, options);
    } catch (IOException e) {
      logger.log(Level.SEVERE, "collection '" + name + "' could not be opened", e);
      throw new UnavailableException("collection '" + name + "' could not be opened", e);
    }
  }

  private void retire(String name, CollectionIndex index, RemovalCause cause) {
    if (name == null || index == null) {
      return;
    }
    closing.put(name, index);
    index.closed().whenComplete((ignored, error) -> closing.remove(name, index));
    index.close();
  }

  /** Hits and misses of the cache of open indexes: a miss opens an index. */
  CacheStats openCacheStats() {
    return open.stats();
  }

  /** Counts of the collections open now, by name; a closed collection is not opened for this. */
  Map<String, CollectionStats> openStats() {
    Map<String, CollectionStats> stats = new TreeMap<>();
    for (CollectionIndex index : open.asMap().values()) {
      if (!index.tryAcquire()) {
        continue;
      }
      try {
        stats.put(index.spec().name(), index.stats());
      } catch (UnavailableException e) {
        // Logged where it failed; the collection's own calls report it.
      } finally {
        release(index);
      }
    }
    return stats;
  }

  CollectionSpec create(CollectionSpec spec) {
    synchronized (lifecycle) {
      Path folder = root.resolve(spec.name());
      if (Files.exists(folder)) {
        throw new AlreadyExistsException("collection '" + spec.name() + "' already exists");
      }
      Path building = root.resolve(BUILDING + spec.name() + "-" + UUID.randomUUID());
      try {
        Files.createDirectory(building);
        CollectionIndex.create(building, spec);
        Files.move(building, folder, StandardCopyOption.ATOMIC_MOVE);
        syncFolder(root);
      } catch (IOException e) {
        removeQuietly(building);
        logger.log(Level.SEVERE, "collection '" + spec.name() + "' could not be created", e);
        throw new UnavailableException("collection '" + spec.name() + "' could not be created", e);
      }
      return spec;
    }
  }

  void delete(String name) {
    synchronized (lifecycle) {
      Path folder = root.resolve(name);
      if (!Files.isDirectory(folder)) {
        throw notFound(name);
      }
      deleting.add(name);
      try {
        open.invalidate(name);
        CollectionIndex retiring = closing.get(name);
        if (retiring != null) {
          awaitClosed(retiring);
        }
        Path doomed = root.resolve(DELETING + name + "-" + UUID.randomUUID());
        Files.move(folder, doomed, StandardCopyOption.ATOMIC_MOVE);
        syncFolder(root);
        // Deleted once renamed; a folder left by a failure here is removed at the next start.
        removeQuietly(doomed);
      } catch (IOException e) {
        logger.log(Level.SEVERE, "collection '" + name + "' could not be deleted", e);
        throw new UnavailableException("collection '" + name + "' could not be deleted", e);
      } finally {
        deleting.remove(name);
      }
    }
  }

  /** The specs of all collections, sorted by name. */
  List<CollectionSpec> list() {
    List<CollectionSpec> specs = new ArrayList<>();
    try (Stream<Path> folders = Files.list(root)) {
      for (Path folder : folders.sorted().toList()) {
        String name = folder.getFileName().toString();
        if (name.startsWith(".") || !Files.isDirectory(folder)) {
          continue;
        }
        CollectionIndex index = open.getIfPresent(name);
        try {
          specs.add(index != null ? index.spec() : CollectionIndex.readSpec(folder, name));
        } catch (NoSuchFileException e) {
          // Deleted since it was listed.
        }
      }
    } catch (IOException e) {
      logger.log(Level.SEVERE, "collections could not be listed", e);
      throw new UnavailableException("collections could not be listed", e);
    }
    specs.sort(Comparator.comparing(CollectionSpec::name));
    return specs;
  }

  private void awaitClosed(CollectionIndex index) {
    try {
      index.closed().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while a collection closed", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new UnavailableException(
          "collection '" + index.spec().name() + "' is still closing; retry later", e);
    }
  }

  private void removeLeftovers() throws IOException {
    try (Stream<Path> folders = Files.list(root)) {
      for (Path folder : folders.toList()) {
        String name = folder.getFileName().toString();
        if (name.startsWith(BUILDING) || name.startsWith(DELETING)) {
          logger.info("removing " + folder + ", left by an interrupted create or delete");
          IOUtils.rm(folder);
        }
      }
    }
  }

  private static void syncFolder(Path folder) throws IOException {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static void removeQuietly(Path folder) {
    try {
      IOUtils.rm(folder);
    } catch (IOException | UncheckedIOException e) {
      logger.log(Level.WARNING, "could not remove " + folder, e);
    }
  }

  private static NotFoundException notFound(String name) {
    return new NotFoundException("collection '" + name + "' does not exist");
  }

  /** Closes every open index, after the calls in flight. */
  @Override
  public void close() {
    open.invalidateAll();
    open.cleanUp();
    for (CollectionIndex index : List.copyOf(closing.values())) {
      awaitClosed(index);
    }
  }
}
