package dev.facesearch.server.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The server's view of the keys file: authenticates keys, and rereads the file when it changes, so
 * that created and revoked keys take effect without a restart.
 *
 * <p>The file is checked at most once per {@code recheck} (a second in the server), on the calls
 * that need it, by its modification time, size and file key (inode): every change renames a new
 * file over the old one, so the file key changes even when the clock is coarse. A file that cannot
 * be read or parsed leaves no valid key, so mistakes fail closed.
 */
public final class KeyRing {
  private static final Logger logger = Logger.getLogger(KeyRing.class.getName());

  private final KeyFile file;
  private final long recheckNanos;

  private final Object lock = new Object();

  /** The keys by id and the file's identity they were read from; replaced whole. */
  private volatile Snapshot snapshot = new Snapshot(Map.of(), null);

  /** System.nanoTime() of the last check of the file; guarded by {@link #lock} for writes. */
  private volatile long lastCheck;

  private volatile boolean checkedOnce;

  private record Snapshot(Map<String, ApiKey> byId, Object version) {}

  public KeyRing(KeyFile file, Duration recheck) {
    this.file = Objects.requireNonNull(file, "file");
    this.recheckNanos = recheck.toNanos();
  }

  /** Whether the keys file exists now (after a recheck if one is due). */
  public boolean fileExists() {
    refreshIfDue();
    return snapshot.version() != null;
  }

  /** The active key whose text is {@code token}; empty for anything else. */
  public Optional<ApiKey> authenticate(String token) {
    Optional<KeyTokens.Parsed> parsed = KeyTokens.parse(token);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    refreshIfDue();
    ApiKey key = snapshot.byId().get(parsed.get().id());
    // Ids are public, so finding one by id leaks nothing; the secret is compared in constant time.
    if (key == null
        || !key.active()
        || !KeyTokens.matches(parsed.get().secret(), key.secretHash())) {
      return Optional.empty();
    }
    return Optional.of(key);
  }

  private void refreshIfDue() {
    long now = System.nanoTime();
    if (checkedOnce && now - lastCheck < recheckNanos) {
      return;
    }
    synchronized (lock) {
      if (checkedOnce && now - lastCheck < recheckNanos) {
        return;
      }
      lastCheck = now;
      checkedOnce = true;
      refresh();
    }
  }

  private void refresh() {
    Object version;
    try {
      BasicFileAttributes a = Files.readAttributes(file.path(), BasicFileAttributes.class);
      version = List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
    } catch (NoSuchFileException e) {
      version = null;
    } catch (IOException e) {
      logger.log(Level.SEVERE, "keys file " + file.path() + " cannot be read; no key is valid", e);
      snapshot = new Snapshot(Map.of(), "unreadable");
      return;
    }
    if (Objects.equals(version, snapshot.version())) {
      return;
    }
    if (version == null) {
      snapshot = new Snapshot(Map.of(), null);
      return;
    }
    try {
      List<ApiKey> keys = file.read();
      snapshot =
          new Snapshot(
              keys.stream().collect(Collectors.toUnmodifiableMap(ApiKey::id, Function.identity())),
              version);
      logger.info(
          "keys file "
              + file.path()
              + " read: "
              + keys.stream().filter(ApiKey::active).count()
              + " active keys");
    } catch (IOException | IllegalStateException e) {
      logger.log(Level.SEVERE, "keys file " + file.path() + " is unusable; no key is valid", e);
      snapshot = new Snapshot(Map.of(), version);
    }
  }
}
