package dev.facesearch.bench.pipeline;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the harness finds the ONNX models and the shared photos, wherever it is started from.
 *
 * <p>The models: {@code FACESEARCH_MODELS} (the launcher sets it), else {@code models/target/onnx}
 * of the project. The photos: the {@code facesearch.shared} property, else {@code
 * ../shared/data/faces} beside the project. The project root is found from the bench jar ({@code
 * <root>/bench/target/facesearch-bench.jar}), falling back on the working folder.
 */
public final class ProjectFiles {
  private ProjectFiles() {}

  /** The folder holding models.json. */
  public static Path modelsDir() {
    String env = System.getenv("FACESEARCH_MODELS");
    return env != null && !env.isBlank()
        ? Path.of(env)
        : root().resolve("models").resolve("target").resolve("onnx");
  }

  /** The shared photos folder, if it is there. */
  public static Optional<Path> sharedFaces() {
    return shared("data/faces");
  }

  /** A file or folder under the shared folder, if it is there. */
  public static Optional<Path> shared(String relative) {
    String property = System.getProperty("facesearch.shared");
    Path shared = property != null ? Path.of(property) : root().resolve("..").resolve("shared");
    Path path = shared.resolve(relative).normalize();
    return Files.exists(path) ? Optional.of(path) : Optional.empty();
  }

  /** The project root: two folders above the bench jar, or the working folder. */
  public static Path root() {
    try {
      Path code =
          Path.of(ProjectFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // bench/target/facesearch-bench.jar or bench/target/classes: the root is three levels up.
      Path root = code.toAbsolutePath().getParent().getParent().getParent();
      if (root != null && Files.isRegularFile(root.resolve("pom.xml"))) {
        return root;
      }
    } catch (URISyntaxException | RuntimeException e) {
      // No usable code source (an unusual class loader): fall back on the working folder.
    }
    return Path.of("").toAbsolutePath();
  }
}
