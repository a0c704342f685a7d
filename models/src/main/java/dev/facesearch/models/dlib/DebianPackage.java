package dev.facesearch.models.dlib;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A Debian binary package ({@code .deb}): fetched by name with {@code apt-get download}, and read
 * without dpkg.
 *
 * <p>A {@code .deb} is an {@code ar} archive whose {@code data.tar.*} member holds the installed
 * files. Debian compresses it with xz (and older packages with gzip), which are read here; for
 * other compressions (Ubuntu's zstd) the package is unpacked by the machine's own {@code dpkg-deb}.
 */
public final class DebianPackage {
  private DebianPackage() {}

  /** Reads one installed file of a package, as a stream. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(InputStream file) throws IOException;
  }

  /**
   * The newest {@code .deb} of a package in the cache folder, downloaded there with {@code apt-get
   * download} when there is none. apt-get needs no root for this, only the machine's package lists.
   */
  public static Path fetch(String name, Path cache) throws IOException, InterruptedException {
    Path cached = cached(name, cache);
    if (cached != null) {
      return cached;
    }
    Files.createDirectories(cache);
    Process apt;
    try {
      apt =
          new ProcessBuilder("apt-get", "download", name)
              .directory(cache.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new IOException("apt-get is not available to download " + name, e);
    }
    String log = new String(apt.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!apt.waitFor(10, TimeUnit.MINUTES) || apt.exitValue() != 0) {
      throw new IOException(
          "apt-get download "
              + name
              + " failed"
              + (log.contains("Unable to locate") ? " (no package lists: apt-get update)" : "")
              + ": "
              + lastLine(log));
    }
    cached = cached(name, cache);
    if (cached == null) {
      throw new IOException("apt-get download " + name + " wrote no .deb: " + lastLine(log));
    }
    return cached;
  }

  /**
   * Reads the file at {@code path} (such as {@code usr/share/dlib/x.dat}) of a package.
   *
   * @throws IOException if the package has no such file or is not a Debian package
   */
  public static <T> T read(Path deb, String path, Reader<T> reader)
      throws IOException, InterruptedException {
    return walk(
        deb,
        tar -> {
          for (TarArchiveEntry entry = tar.getNextEntry();
              entry != null;
              entry = tar.getNextEntry()) {
            if (entry.isFile() && path(entry).equals(path)) {
              return reader.read(tar);
            }
          }
          throw new IOException(deb + " has no file /" + path);
        });
  }

  /**
   * Writes the package's files whose paths (such as {@code usr/include/dlib/config.h}) pass the
   * filter into a folder, at the same paths below it, and returns them in the package's order. Only
   * regular files are written: folders are made as needed, links are left out.
   *
   * @throws IOException if no file passed the filter, or one would land outside the folder
   */
  public static List<Path> extract(Path deb, Predicate<String> which, Path folder)
      throws IOException, InterruptedException {
    Path root = folder.toAbsolutePath().normalize();
    List<Path> written =
        walk(
            deb,
            tar -> {
              List<Path> files = new ArrayList<>();
              for (TarArchiveEntry entry = tar.getNextEntry();
                  entry != null;
                  entry = tar.getNextEntry()) {
                if (entry.isFile() && which.test(path(entry))) {
                  files.add(write(tar, deb, path(entry), root));
                }
              }
              return files;
            });
    if (written.isEmpty()) {
      throw new IOException(deb + " has none of the files asked for");
    }
    return written;
  }

  /** One pass over a package's data archive. */
  @FunctionalInterface
  private interface Walk<T> {
    T walk(TarArchiveInputStream tar) throws IOException;
  }

  private static <T> T walk(Path deb, Walk<T> walk) throws IOException, InterruptedException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(deb));
        ArArchiveInputStream ar = new ArArchiveInputStream(in)) {
      for (ArArchiveEntry entry = ar.getNextEntry(); entry != null; entry = ar.getNextEntry()) {
        String member = entry.getName();
        if (member.equals("data.tar.xz")) {
          return walk.walk(new TarArchiveInputStream(new XZCompressorInputStream(ar)));
        }
        if (member.equals("data.tar.gz")) {
          return walk.walk(new TarArchiveInputStream(new GZIPInputStream(ar)));
        }
        if (member.startsWith("data.tar")) {
          return withDpkg(deb, walk);
        }
      }
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains(deb.toString())) {
        throw e;
      }
      throw new IOException(deb + " is not a readable Debian package: " + e.getMessage(), e);
    }
    throw new IOException(deb + " is not a Debian package: it has no data.tar member");
  }

  /** An entry's path without the leading {@code ./} that dpkg-deb writes. */
  private static String path(TarArchiveEntry entry) {
    String name = entry.getName();
    return name.startsWith("./") ? name.substring(2) : name;
  }

  private static Path write(InputStream file, Path deb, String path, Path root) throws IOException {
    Path target = root.resolve(path).normalize();
    // The package came off the network: a path with ".." must not write outside the folder.
    if (!target.startsWith(root) || target.equals(root)) {
      throw new IOException(deb + " has a file outside its root: " + path);
    }
    try {
      Files.createDirectories(target.getParent());
      Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IOException("cannot write " + target + " out of " + deb + ": " + e, e);
    }
    return target;
  }

  /** For data archives compressed otherwise: the machine's dpkg-deb unpacks them. */
  private static <T> T withDpkg(Path deb, Walk<T> walk) throws IOException, InterruptedException {
    Process dpkg;
    try {
      dpkg =
          new ProcessBuilder("dpkg-deb", "--fsys-tarfile", deb.toString())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      throw new IOException(
          deb + " compresses its files in a way only dpkg-deb reads, and there is no dpkg-deb", e);
    }
    try (InputStream tar = dpkg.getInputStream()) {
      return walk.walk(new TarArchiveInputStream(tar));
    } finally {
      dpkg.destroy();
      dpkg.waitFor(1, TimeUnit.MINUTES);
    }
  }

  private static Path cached(String name, Path cache) throws IOException {
    if (!Files.isDirectory(cache)) {
      return null;
    }
    List<Path> debs = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(cache, name + "_*.deb")) {
      files.forEach(debs::add);
    }
    return debs.stream().max(Path::compareTo).orElse(null);
  }

  private static String lastLine(String log) {
    String[] lines = log.strip().split("\n");
    return lines[lines.length - 1];
  }
}
