package dev.facesearch.models.dlib;

import dev.facesearch.models.ModelCard;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The two files of Debian's dlib packages that hold dlib's face models, and where to read them: the
 * user's copy (the package, or the bare file), else the package from the cache, downloaded there
 * with {@code apt-get download}.
 */
public enum DlibFile {
  /**
   * dlib's HOG frontal face detector: a serialized {@code object_detector}, compressed and base64
   * encoded into a C++ header of the development package.
   */
  FRONTAL_FACE_DETECTOR(
      "libdlib-dev",
      "usr/include/dlib/image_processing/frontal_face_detector.h",
      "Boost Software License 1.0 (dlib's code and its trained HOG detector)"),
  /** dlib's 68-point shape predictor, trained on iBUG 300-W. */
  SHAPE_PREDICTOR_68(
      "libdlib-data",
      "usr/share/dlib/shape_predictor_68_face_landmarks.dat",
      "Debian records CC0-1.0 for the file, but it was trained on the iBUG 300-W data set, whose"
          + " licence excludes commercial use, and dlib's author states that the model therefore"
          + " cannot be used in a commercial product: non-commercial use only unless you have"
          + " cleared it with Imperial College London (iBUG)");

  private final String packageName;
  private final String path;
  private final String license;

  DlibFile(String packageName, String path, String license) {
    this.packageName = packageName;
    this.path = path;
    this.license = license;
  }

  /** The Debian package that holds the file. */
  public String packageName() {
    return packageName;
  }

  /** The file's path in the package, without the leading slash. */
  public String path() {
    return path;
  }

  /** The file's name. */
  public String fileName() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /**
   * What a file read was, for the model card.
   *
   * @param value what the reader made of the file
   * @param source the card's source: the package and version (or the bare file), the path, the
   *     licence and the SHA-256 of the package or file read
   */
  public record Read<T>(T value, ModelCard.Source source) {}

  /**
   * Reads the file.
   *
   * @param userFile the user's copy: the {@code .deb}, or the bare file by its own name; null to
   *     use the cache
   * @param cache where downloaded packages are kept
   */
  public <T> Read<T> read(Path userFile, Path cache, DebianPackage.Reader<T> reader)
      throws IOException, InterruptedException {
    Path file = userFile;
    if (file == null) {
      file = DebianPackage.fetch(packageName, cache);
    } else if (!Files.isRegularFile(file)) {
      throw new IOException("no such file: " + file);
    }
    String sha256 = sha256(file);
    if (file.getFileName().toString().endsWith(".deb")) {
      T value = DebianPackage.read(file, path, reader);
      return new Read<>(
          value,
          new ModelCard.Source(
              "Debian " + packageName, version(file), "/" + path, license, sha256));
    }
    T value;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      value = reader.read(in);
    }
    return new Read<>(
        value,
        new ModelCard.Source(
            "Debian " + packageName + " (the bare file " + file.getFileName() + ")",
            "unknown",
            "/" + path,
            license,
            sha256));
  }

  /** The package version in a .deb's name ({@code name_version_arch.deb}), or "unknown". */
  static String version(Path deb) {
    String[] parts = deb.getFileName().toString().split("_");
    return parts.length == 3 ? parts[1].replace("%3a", ":") : "unknown";
  }

  /** SHA-256 of a file, read as a stream. */
  public static String sha256(Path file) throws IOException {
    try (DigestInputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform has SHA-256", e);
    }
  }
}
