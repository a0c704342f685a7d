package dev.facesearch.models.tfjs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * A published npm package tarball, checked by SHA-256, and the files inside it.
 *
 * <p>The tarball comes from the npm registry through npm itself ({@code npm pack name@version}),
 * into a cache folder, once; or from a file the user already has ({@code --from}), which makes the
 * build work offline. Either way its SHA-256 must be the published one.
 */
public final class NpmPackage {
  private final Map<String, byte[]> files;

  private NpmPackage(Map<String, byte[]> files) {
    this.files = files;
  }

  /** The files of a tarball under {@code prefix} (such as "package/model/"), by name below it. */
  public static NpmPackage open(Path tarball, String expectedSha256, String prefix)
      throws IOException {
    byte[] bytes = Files.readAllBytes(tarball);
    String actual = sha256(bytes);
    if (!actual.equals(expectedSha256)) {
      throw new IOException(
          tarball
              + " has SHA-256 "
              + actual
              + ", expected "
              + expectedSha256
              + ": not the published package");
    }
    return new NpmPackage(
        untar(new GZIPInputStream(new java.io.ByteArrayInputStream(bytes)), prefix));
  }

  /**
   * The tarball of {@code name@version} in the cache folder, fetched with {@code npm pack} if it is
   * not there yet.
   */
  public static Path fetch(String name, String version, String expectedSha256, Path cache)
      throws IOException, InterruptedException {
    String fileName = name.replace("@", "").replace('/', '-') + "-" + version + ".tgz";
    Path tarball = cache.resolve(fileName);
    if (Files.exists(tarball) && sha256(Files.readAllBytes(tarball)).equals(expectedSha256)) {
      return tarball;
    }
    Files.createDirectories(cache);
    Path scratch = Files.createTempDirectory(cache, "npm-pack-");
    Process npm =
        new ProcessBuilder(
                List.of(
                    "npm", "pack", name + "@" + version, "--pack-destination", scratch.toString()))
            .redirectErrorStream(true)
            .start();
    String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
      throw new IOException("npm pack " + name + "@" + version + " failed:\n" + log.strip());
    }
    Path packed = scratch.resolve(fileName);
    if (!Files.exists(packed)) {
      throw new IOException("npm pack did not write " + packed + ":\n" + log.strip());
    }
    Files.move(
        packed, tarball, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.delete(scratch);
    return tarball;
  }

  /** A file of the package, by its name below the prefix. */
  public byte[] read(String name) throws IOException {
    byte[] file = files.get(name);
    if (file == null) {
      throw new IOException("the package has no file " + name);
    }
    return file;
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform has SHA-256", e);
    }
  }

  /** Reads the regular files of a (ustar or pax) tar stream whose path starts with prefix. */
  private static Map<String, byte[]> untar(InputStream in, String prefix) throws IOException {
    Map<String, byte[]> files = new HashMap<>();
    byte[] header = new byte[512];
    while (in.readNBytes(header, 0, 512) == 512) {
      String name = field(header, 0, 100);
      if (name.isEmpty()) {
        break; // the two zero blocks that end the archive
      }
      String ustarPrefix = field(header, 345, 155);
      if (!ustarPrefix.isEmpty()) {
        name = ustarPrefix + "/" + name;
      }
      long size = Long.parseLong(field(header, 124, 12).trim(), 8);
      byte type = header[156];
      byte[] content = in.readNBytes(Math.toIntExact(size));
      in.skipNBytes((512 - size % 512) % 512);
      boolean regular = type == '0' || type == 0;
      if (regular && name.startsWith(prefix)) {
        files.put(name.substring(prefix.length()), content);
      }
    }
    return files;
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }

  /** For tests and diagnostics: the names of the files read. */
  public java.util.Set<String> names() {
    return files.keySet();
  }
}
