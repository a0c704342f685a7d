package dev.facesearch.server.testing.opensearch;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The OpenSearch distribution and k-NN plugin zips that Maven copied into {@code target/opensearch}
 * (profile {@code opensearch}), and an unpacked install with the plugin.
 *
 * <p>The integ-test zip bundles no JDK: nodes run on the JDK of the tests. Its security plugin is
 * absent, so nodes speak plain HTTP without credentials.
 */
final class OpenSearchDistribution {
  static final String VERSION = "3.5.0";
  static final String KNN_VERSION = "3.5.0.0";

  private OpenSearchDistribution() {}

  /** The folder holding the two zips: -Dfacesearch.opensearch.dist, else target/opensearch. */
  static Path zips() {
    return Path.of(System.getProperty("facesearch.opensearch.dist", "target/opensearch"));
  }

  /**
   * Unpacks the distribution into {@code home} (which must not exist) and installs the k-NN plugin.
   * All nodes share this install; each has its own config, data and logs folders.
   */
  static void install(Path home, Path javaHome) throws IOException, InterruptedException {
    Path distribution = zips().resolve("opensearch-" + VERSION + ".zip");
    Path plugin = zips().resolve("opensearch-knn-" + KNN_VERSION + ".zip");
    for (Path zip : List.of(distribution, plugin)) {
      if (!Files.isRegularFile(zip)) {
        throw new IllegalStateException(
            zip.toAbsolutePath()
                + " is missing: run Maven with -Dfacesearch.opensearch=true, which copies it there");
      }
    }
    unzip(distribution, "opensearch-" + VERSION, home);
    ProcessBuilder builder =
        new ProcessBuilder(
                home.resolve("bin/opensearch-plugin").toString(),
                "install",
                "--batch",
                plugin.toAbsolutePath().toUri().toString())
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("plugin-install.log").toFile())
            .directory(home.toFile());
    builder.environment().put("OPENSEARCH_JAVA_HOME", javaHome.toString());
    Process install = builder.start();
    if (!install.waitFor(2, TimeUnit.MINUTES) || install.exitValue() != 0) {
      install.destroyForcibly();
      throw new IOException(
          "installing the k-NN plugin failed: "
              + Files.readString(home.resolve("plugin-install.log")));
    }
  }

  /** Copies the entries under {@code top} of a zip into {@code target}, with their permissions. */
  private static void unzip(Path zip, String top, Path target) throws IOException {
    // zipfs reads the Unix permissions the zip recorded, so bin/ stays executable.
    try (FileSystem fs =
        FileSystems.newFileSystem(
            URI.create("jar:" + zip.toAbsolutePath().toUri()),
            Map.of("enablePosixFileAttributes", "true"))) {
      Path root = fs.getPath("/" + top);
      try (Stream<Path> entries = Files.walk(root)) {
        for (Path entry : entries.toList()) {
          Path out = target.resolve(root.relativize(entry).toString());
          if (Files.isDirectory(entry)) {
            Files.createDirectories(out);
          } else {
            Files.copy(entry, out);
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(entry);
            if (!mode.isEmpty()) {
              Files.setPosixFilePermissions(out, mode);
            }
          }
        }
      }
    }
  }
}
