package dev.facesearch.server.testing.opensearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test methods the one 3-node cluster of the test run, started on first use and stopped
 * (every node by PID) when the whole run ends, so that test classes share the 30-60 s it takes to
 * form.
 *
 * <p>Use it with {@code @ExtendWith(OpenSearchClusterExtension.class)} and an {@link
 * OpenSearchCluster} parameter; guard the class with {@code @EnabledIf} on {@link
 * OpenSearchCluster#enabled()}.
 */
public final class OpenSearchClusterExtension implements ParameterResolver {
  private static final Logger logger = Logger.getLogger(OpenSearchClusterExtension.class.getName());
  private static final int NODES = 3;
  private static final Duration FORMATION_TIMEOUT = Duration.ofMinutes(4);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == OpenSearchCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(
            OpenSearchClusterExtension.class, key -> Running.start(), Running.class)
        .cluster();
  }

  /**
   * The cluster and its folder, closed by JUnit (an AutoCloseable in the root store) at the end of
   * the run.
   */
  private record Running(OpenSearchCluster cluster, Path root) implements AutoCloseable {
    static Running start() {
      Path root = null;
      try {
        root = Files.createTempDirectory("facesearch-opensearch-");
        return new Running(OpenSearchCluster.start(root, NODES, FORMATION_TIMEOUT), root);
      } catch (IOException e) {
        deleteQuietly(root);
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        deleteQuietly(root);
        throw new IllegalStateException("interrupted while the cluster formed", e);
      }
    }

    @Override
    public void close() {
      try {
        cluster.close();
      } finally {
        deleteQuietly(root);
      }
    }
  }

  private static void deleteQuietly(Path root) {
    if (root == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      logger.warning("could not remove " + root + ": " + e);
    }
  }
}
