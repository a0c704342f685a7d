package dev.facesearch.bench.search;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Statistics of real face embeddings ({@code shared/data/embedding-stats/*.json}): the mean, the
 * covariance of per-person means (between identities), the pooled covariance of a person's photos
 * around their mean (within an identity), the median squared L2 distances of same-person and random
 * pairs of the raw (not unit-scaled) embeddings, and their mean length.
 */
record EmbeddingStats(
    String source,
    float[] mean,
    double[][] betweenCovariance,
    double[][] withinCovariance,
    double sameMedian,
    double randomMedian,
    double normMean) {

  /** The file in the shared data folder: {@code <shared>/data/embedding-stats/<name>}. */
  static final String DEFAULT_FILE = "resnet128-lfw.json";

  EmbeddingStats {
    int n = mean.length;
    if (betweenCovariance.length != n || withinCovariance.length != n) {
      throw new IllegalArgumentException(
          "mean has "
              + n
              + " values, covariances "
              + betweenCovariance.length
              + " and "
              + withinCovariance.length
              + " rows");
    }
  }

  static EmbeddingStats read(Path file) throws IOException {
    JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    return new EmbeddingStats(
        json.has("source") ? json.get("source").getAsString() : file.getFileName().toString(),
        floats(json.getAsJsonArray("mean")),
        matrix(json.getAsJsonArray("between_covariance")),
        matrix(json.getAsJsonArray("within_covariance")),
        json.get("squared_l2_same_person_median").getAsDouble(),
        json.get("squared_l2_random_pair_median").getAsDouble(),
        json.get("norm_mean").getAsDouble());
  }

  /**
   * The statistics file in the shared data folder beside the project, if present: {@code
   * -Dfacesearch.shared} if set, else {@code ../shared} from the working folder or from the project
   * root above {@code bench/target/facesearch-bench.jar}.
   */
  static Optional<Path> find() {
    Path relative = Path.of("data", "embedding-stats", DEFAULT_FILE);
    String property = System.getProperty("facesearch.shared");
    if (property != null) {
      return existing(Path.of(property).resolve(relative));
    }
    Optional<Path> fromWorkingDir = existing(Path.of("..", "shared").resolve(relative));
    if (fromWorkingDir.isPresent()) {
      return fromWorkingDir;
    }
    try {
      // bench/target/facesearch-bench.jar (or bench/target/classes) -> project root.
      Path code =
          Path.of(EmbeddingStats.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path root = code.getParent().getParent().getParent();
      return existing(root.resolveSibling("shared").resolve(relative));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static Optional<Path> existing(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    return Files.isRegularFile(absolute) ? Optional.of(absolute) : Optional.empty();
  }

  private static float[] floats(JsonArray array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).getAsFloat();
    }
    return values;
  }

  private static double[][] matrix(JsonArray rows) {
    double[][] matrix = new double[rows.size()][];
    int i = 0;
    for (JsonElement row : rows) {
      JsonArray values = row.getAsJsonArray();
      matrix[i] = new double[values.size()];
      for (int j = 0; j < values.size(); j++) {
        matrix[i][j] = values.get(j).getAsDouble();
      }
      i++;
    }
    return matrix;
  }
}
