package dev.facesearch.models;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A fingerprint of the converters' compiled code, so that a change to any converter makes the next
 * build redo the models without anyone remembering to bump a version.
 */
final class ConverterCode {
  private static final String PACKAGE_PATH = "dev/facesearch/models/";

  private ConverterCode() {}

  /** SHA-256 over the names and bytes of this module's classes, in name order. */
  static String sha256() throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    Path location;
    try {
      location =
          Path.of(ConverterCode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException("cannot locate the converter classes", e);
    }
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.walk(location.resolve(PACKAGE_PATH))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
          digest.update(
              location
                  .relativize(file)
                  .toString()
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8));
          digest.update(Files.readAllBytes(file));
        }
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        List<JarEntry> entries =
            jar.stream()
                .filter(e -> e.getName().startsWith(PACKAGE_PATH) && e.getName().endsWith(".class"))
                .sorted(java.util.Comparator.comparing(JarEntry::getName))
                .toList();
        for (JarEntry entry : entries) {
          digest.update(entry.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
          try (InputStream in = jar.getInputStream(entry)) {
            digest.update(in.readAllBytes());
          }
        }
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
