package dev.facesearch.models.openface;

import dev.facesearch.models.ModelCard;
import dev.facesearch.models.tfjs.NpmPackage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The user's copy of the nn4.small2.v1 weights, which cannot be downloaded here: where it is and
 * its checksum, for the model card and the build recipe.
 *
 * <p>The SHA-256 of a {@code .t7} file is the file's. For a Keras-OpenFace CSV folder it is the
 * SHA-256 of the {@code sha256sum} listing of the 224 files the reader takes, in byte order of
 * their names: in a folder holding only those, {@code LC_ALL=C sha256sum $(LC_ALL=C ls) |
 * sha256sum}.
 *
 * @param path the .t7 file or the CSV folder
 * @param sha256 as above
 * @param md5 the .t7 file's MD5 (null for a folder), compared with the published file's
 */
public record OpenFaceSource(Path path, String sha256, String md5) {
  public static final String NAME = "OpenFace nn4.small2.v1";
  public static final String VERSION = "v1";
  public static final String LICENSE = "Apache-2.0";

  /** MD5 of OpenFace's published {@code nn4.small2.v1.t7}. */
  public static final String PUBLISHED_T7_MD5 = "c95bfd8cc1adf05210e979ff623013b6";

  public static OpenFaceSource of(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      StringBuilder listing = new StringBuilder();
      for (String name : KerasCsvWeights.fileNames().stream().sorted().toList()) {
        listing
            .append(NpmPackage.sha256(Files.readAllBytes(path.resolve(name))))
            .append("  ")
            .append(name)
            .append('\n');
      }
      return new OpenFaceSource(
          path, NpmPackage.sha256(listing.toString().getBytes(StandardCharsets.UTF_8)), null);
    }
    byte[] bytes = Files.readAllBytes(path);
    return new OpenFaceSource(path, NpmPackage.sha256(bytes), md5(bytes));
  }

  private static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has MD5", e);
    }
  }

  /** A warning when a .t7 file is not byte for byte the published one (it may still convert). */
  public Optional<String> warning() {
    if (md5 == null || md5.equals(PUBLISHED_T7_MD5)) {
      return Optional.empty();
    }
    return Optional.of(
        path.getFileName()
            + " has MD5 "
            + md5
            + ", not that of OpenFace's published nn4.small2.v1.t7 ("
            + PUBLISHED_T7_MD5
            + ")");
  }

  /** The card's source entry. */
  public ModelCard.Source cardSource() {
    String file =
        md5 == null
            ? path.getFileName()
                + "/ (Keras-OpenFace CSV export, "
                + KerasCsvWeights.fileNames().size()
                + " files read)"
            : path.getFileName().toString();
    return new ModelCard.Source(NAME, VERSION, file, LICENSE, sha256);
  }
}
