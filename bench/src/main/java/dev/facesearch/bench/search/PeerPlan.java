package dev.facesearch.bench.search;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What one run of {@link PeerBench} measures: one gallery and one query set, and the settings swept
 * on every engine.
 *
 * @param faces gallery size
 * @param queries queries (new photos of enrolled identities)
 * @param data "realistic" or "face-like"
 * @param perIdentity enrolled faces per identity
 * @param settings HNSW candidates searched: Lucene's k, hnswlib's and FAISS's ef
 * @param targets recall@10 levels at which the engines' QPS are compared
 * @param identify whether Identify over gRPC is measured too
 * @param accessLog whether the server writes its access log line per call, as it does by default
 * @param python the interpreter that runs the peers' script (empty: /usr/bin/python3, else python3
 *     on the PATH)
 * @param warmup warm-up of each Java QPS measurement (the script warms up with its quality pass)
 * @param measure timed period of each QPS measurement, in every engine
 * @param buildThreads threads building each index (every search runs on one)
 * @param stats embedding statistics for realistic data (found beside the project if empty)
 * @param seed seed of the gallery, as in the search benchmark (plus the size)
 */
record PeerPlan(
    int faces,
    int queries,
    String data,
    int perIdentity,
    List<Integer> settings,
    List<Double> targets,
    boolean identify,
    boolean accessLog,
    Optional<Path> python,
    Duration warmup,
    Duration measure,
    int buildThreads,
    Optional<Path> stats,
    long seed) {

  static final String USAGE =
      """
      usage: peers [options]
        Lucene HNSW, hnswlib, FAISS (HNSW and flat) and Identify over gRPC on the same vectors
        and queries, one search per call on one thread; QPS at equal recall@10.
      options (lists are comma-separated):
        --faces=100000  --queries=1000  --data=realistic|face-like  --per-identity=10
        --k=10,20,50,100,200,500   Lucene's k and the peers' ef
        --targets=0.90,0.95,0.99   recall@10 levels of the comparison
        --identify=true|false      Identify over gRPC on a server holding the same vectors
        --access-log=true|false    the server's access log line per call (on by default)
        --python=/usr/bin/python3  --warmup=1  --measure=2  --build-threads=2
        --stats=FILE  --seed=42
      """;

  PeerPlan {
    if (faces < 10 || queries < 1 || perIdentity < 1 || settings.isEmpty() || targets.isEmpty()) {
      throw new IllegalArgumentException(
          faces + " faces, " + queries + " queries, settings " + settings + ", targets " + targets);
    }
    for (int k : settings) {
      if (k < GalleryBench.RECALL_AT) {
        throw new IllegalArgumentException(
            "k and ef must be at least " + GalleryBench.RECALL_AT + " (recall@10), not " + k);
      }
    }
    for (double target : targets) {
      if (!(target > 0 && target <= 1)) {
        throw new IllegalArgumentException("recall targets are in (0, 1], not " + target);
      }
    }
    if (!data.equals("realistic") && !data.equals("face-like")) {
      throw new IllegalArgumentException("--data is realistic or face-like, not " + data);
    }
  }

  /** The plan of the command line, from the defaults of a 100k run. */
  static PeerPlan parse(String[] args) {
    Builder b = new Builder();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("options are --name=value, not " + arg + "\n" + USAGE);
      }
      b.set(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return b.build();
  }

  /**
   * The small run of {@code ./facesearch bench quick}: 20k faces, the search bench's quick size.
   */
  static PeerPlan quick() {
    return parse(
        new String[] {
          "--faces=20000", "--queries=300", "--k=10,20,50,100", "--warmup=0.5", "--measure=1"
        });
  }

  /** The search bench's seed for a gallery of this size, so both benches draw the same faces. */
  long gallerySeed() {
    return seed + faces;
  }

  /** The fields of a plan while options are read, starting from the defaults. */
  private static final class Builder {
    int faces = 100_000;
    int queries = 1000;
    String data = "realistic";
    int perIdentity = 10;
    List<Integer> settings = List.of(10, 20, 50, 100, 200, 500);
    List<Double> targets = List.of(0.90, 0.95, 0.99);
    boolean identify = true;
    boolean accessLog = true;
    Optional<Path> python = Optional.empty();
    Duration warmup = Duration.ofSeconds(1);
    Duration measure = Duration.ofSeconds(2);
    int buildThreads = 2;
    Optional<Path> stats = Optional.empty();
    long seed = 42;

    void set(String option, String value) {
      switch (option) {
        case "--faces" -> faces = integer(value);
        case "--queries" -> queries = integer(value);
        case "--data" -> data = value;
        case "--per-identity" -> perIdentity = integer(value);
        case "--k" -> settings = list(value).stream().map(Builder::integer).toList();
        case "--targets" -> targets = list(value).stream().map(Double::parseDouble).toList();
        case "--identify" -> identify = bool(option, value);
        case "--access-log" -> accessLog = bool(option, value);
        case "--python" -> python = Optional.of(Path.of(value));
        case "--warmup" -> warmup = seconds(value);
        case "--measure" -> measure = seconds(value);
        case "--build-threads" -> buildThreads = integer(value);
        case "--stats" -> stats = Optional.of(Path.of(value));
        case "--seed" -> seed = Long.parseLong(value);
        default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
      }
    }

    PeerPlan build() {
      return new PeerPlan(
          faces,
          queries,
          data,
          perIdentity,
          settings.stream().sorted().distinct().toList(),
          targets.stream().sorted().toList(),
          identify,
          accessLog,
          python,
          warmup,
          measure,
          buildThreads,
          stats,
          seed);
    }

    private static boolean bool(String option, String value) {
      return switch (value) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new IllegalArgumentException(option + " is true or false, not " + value);
      };
    }

    private static int integer(String value) {
      return Integer.parseInt(value.trim().replace("_", ""));
    }

    private static List<String> list(String value) {
      return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Duration seconds(String value) {
      return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }
  }
}
