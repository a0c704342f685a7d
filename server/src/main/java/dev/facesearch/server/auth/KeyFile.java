package dev.facesearch.server.auth;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The keys file, {@code api-keys.json} in the data folder: reads it, and creates and revokes keys
 * in it. The server reads it; {@code facesearch-server keys} changes it, also while the server
 * runs.
 *
 * <p>The file holds each key's id, name, creation time, scopes, SHA-256 of the secret, and
 * revocation time, never a secret. Revoked keys stay in the file, so that a revoked id is never
 * handed out again and the file's existence keeps authentication on. Every change is written to a
 * temporary file with owner-only permissions, forced to disk, then renamed over the file, so the
 * server never reads half a file; changes from two processes are serialised by a lock on a sibling
 * file.
 */
public final class KeyFile {
  /** The file's name in the data folder. */
  public static final String FILE_NAME = "api-keys.json";

  private static final int VERSION = 1;

  private final Path file;
  private final Clock clock;

  /** The keys file of a data folder. */
  public KeyFile(Path dataDir, Clock clock) {
    this.file = dataDir.resolve(FILE_NAME);
    this.clock = clock;
  }

  /** The key just created, with its text, which exists nowhere else. */
  public record NewKey(ApiKey key, String token) {
    @Override
    public String toString() {
      return "NewKey[id=" + key.id() + "]";
    }
  }

  public Path path() {
    return file;
  }

  /** Whether the file exists (a key was ever created in this data folder). */
  public boolean exists() {
    return Files.exists(file);
  }

  /** The keys, revoked ones included; none when the file does not exist. */
  public List<ApiKey> read() throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    return parse(text);
  }

  /** Creates a key with the given name and scopes. */
  public NewKey create(String name, List<Scope> scopes) throws IOException {
    if (name.isBlank() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("key name must be 1 to 200 printable characters");
    }
    String secret = KeyTokens.newSecret();
    ApiKey[] created = new ApiKey[1];
    update(keys -> {
      String id;
      do {
        id = KeyTokens.newId();
      } while (find(keys, id).isPresent());
      created[0] =
          new ApiKey(
              id,
              name,
              clock.instant(),
              scopes,
              HexFormat.of().formatHex(KeyTokens.hash(secret)),
              Optional.empty());
      List<ApiKey> more = new ArrayList<>(keys);
      more.add(created[0]);
      return more;
    });
    return new NewKey(created[0], KeyTokens.format(created[0].id(), secret));
  }

  /**
   * Revokes a key; the server refuses it within a second or so.
   *
   * @return the revoked key
   * @throws IllegalArgumentException if there is no key with that id
   */
  public ApiKey revoke(String id) throws IOException {
    ApiKey[] revoked = new ApiKey[1];
    update(keys -> {
      ApiKey key =
          find(keys, id).orElseThrow(() -> new IllegalArgumentException("no key with id " + id));
      revoked[0] = key.active() ? key.revokedAt(clock.instant()) : key;
      return keys.stream().map(k -> k.id().equals(id) ? revoked[0] : k).toList();
    });
    return revoked[0];
  }

  private static Optional<ApiKey> find(List<ApiKey> keys, String id) {
    return keys.stream().filter(k -> k.id().equals(id)).findFirst();
  }

  /** Reads the keys, changes them and writes them back, holding the lock. */
  private void update(UnaryOperator<List<ApiKey>> change) throws IOException {
    Files.createDirectories(file.getParent());
    Path lockFile = file.resolveSibling("." + FILE_NAME + ".lock");
    try (FileChannel lockChannel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = lockChannel.lock();
      try {
        write(change.apply(read()));
      } finally {
        lock.release();
      }
    }
  }

  private void write(List<ApiKey> keys) throws IOException {
    Path temp = file.resolveSibling("." + FILE_NAME + ".tmp");
    Files.deleteIfExists(temp);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(temp);
    }
    byte[] bytes = format(keys).getBytes(StandardCharsets.UTF_8);
    try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.WRITE))) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    forceDirectory(file.getParent());
  }

  /** Makes the rename durable; some systems cannot open a directory, and then it is skipped. */
  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Windows cannot fsync a directory; the rename is still atomic there.
    }
  }

  static String format(List<ApiKey> keys) {
    JsonArray array = new JsonArray();
    for (ApiKey key : keys) {
      JsonObject o = new JsonObject();
      o.addProperty("id", key.id());
      o.addProperty("name", key.name());
      o.addProperty("created", key.created().toString());
      JsonArray scopes = new JsonArray();
      key.scopes().forEach(s -> scopes.add(s.toString()));
      o.add("scopes", scopes);
      o.addProperty("sha256", key.secretHash());
      key.revoked().ifPresent(r -> o.addProperty("revoked", r.toString()));
      array.add(o);
    }
    JsonObject root = new JsonObject();
    root.addProperty("version", VERSION);
    root.add("keys", array);
    return new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n";
  }

  static List<ApiKey> parse(String text) throws IOException {
    try {
      JsonObject root = JsonParser.parseString(text).getAsJsonObject();
      int version = root.get("version").getAsInt();
      if (version != VERSION) {
        throw new IOException("keys file version " + version + " is not " + VERSION);
      }
      List<ApiKey> keys = new ArrayList<>();
      for (JsonElement e : root.getAsJsonArray("keys")) {
        JsonObject o = e.getAsJsonObject();
        List<Scope> scopes = new ArrayList<>();
        for (JsonElement s : o.getAsJsonArray("scopes")) {
          scopes.add(Scope.parse(s.getAsString()));
        }
        keys.add(
            new ApiKey(
                o.get("id").getAsString(),
                o.get("name").getAsString(),
                Instant.parse(o.get("created").getAsString()),
                scopes,
                o.get("sha256").getAsString(),
                o.has("revoked")
                    ? Optional.of(Instant.parse(o.get("revoked").getAsString()))
                    : Optional.empty()));
      }
      return keys;
    } catch (JsonParseException
        | IllegalStateException
        | IllegalArgumentException
        | NullPointerException
        | UnsupportedOperationException
        | DateTimeParseException e) {
      throw new IOException("keys file is malformed: " + e.getMessage(), e);
    }
  }
}
