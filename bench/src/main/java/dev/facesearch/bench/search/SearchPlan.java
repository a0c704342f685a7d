package dev.facesearch.bench.search;

import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.core.Catalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What one run of {@link SearchBench} measures: a preset ({@code quick}, {@code full}, {@code
 * scale}) with any of its settings overridden by options.
 *
 * @param sizes gallery sizes in faces
 * @param data "face-like" and/or "realistic"
 * @param perIdentity enrolled faces per identity
 * @param queries queries per gallery (new photos of enrolled identities)
 * @param formats vector formats built at the server's graph defaults (M16, beam 100)
 * @param gridMaxConns M values of the float32 graph sweep
 * @param gridBeamWidths beam widths of the float32 graph sweep
 * @param gridSizes sizes at which the sweep runs (none: no sweep)
 * @param ks HNSW candidate counts searched
 * @param threads search thread counts for QPS
 * @param warmup warm-up of each QPS measurement
 * @param measure measurement period of each QPS measurement
 * @param buildThreads threads adding documents and merging graphs
 * @param productSizes sizes at which the server's own LuceneGallery is also measured
 * @param dir folder for the indexes (a temporary one, deleted after, if empty)
 * @param stats embedding statistics for realistic data (found beside the project if empty)
 * @param realisticFitted whether realistic data uses the fitted between covariance ({@link
 *     RealisticModel#fitted}) rather than the file's as given
 * @param seed seed of every random draw
 */
record SearchPlan(
    String name,
    List<Integer> sizes,
    List<String> data,
    int perIdentity,
    int queries,
    List<VectorFormat> formats,
    List<Integer> gridMaxConns,
    List<Integer> gridBeamWidths,
    List<Integer> gridSizes,
    List<Integer> ks,
    List<Integer> threads,
    Duration warmup,
    Duration measure,
    int buildThreads,
    List<Integer> productSizes,
    Optional<Path> dir,
    Optional<Path> stats,
    boolean realisticFitted,
    long seed) {

  /** The server's graph: the base configuration of every format and of the targets. */
  static final int BASE_M = Catalog.DEFAULT_HNSW_MAX_CONNECTIONS;

  static final int BASE_BEAM = Catalog.DEFAULT_HNSW_BEAM_WIDTH;

  /** The server's candidate count: the k of the targets. */
  static final int TARGET_K = ServerSettings.DEFAULT_SEARCH_CANDIDATES;

  /** The label of a format's index at the server's graph, e.g. "float32 M16 b100". */
  static String baseLabel(VectorFormat format) {
    return new IndexConfig(format, BASE_M, BASE_BEAM).label();
  }

  static final String USAGE =
      """
      usage: search quick|full|scale [options]
        quick  20k faces, both data kinds, float32/int8/bbq at M16 b100, k 10, 50, 100 (~2 min)
        full   10k and 100k faces: every format, k 10..500, the float32 M x beam sweep and the
               server's own LuceneGallery at 100k (~1 h)
        scale  1M faces, both data kinds, float32/int8/bbq at M16 b100, k 10..500 (~1-2 h)
      options (lists are comma-separated):
        --faces N,..  --data face-like,realistic  --per-identity N  --queries N
        --formats float32,int8,bbq  --m 8,16,32  --beam 50,100,200  --grid-faces N,..
        --k 10,50,100  --threads 1,2  --warmup SECONDS  --measure SECONDS
        --build-threads N  --product-faces N,..  --dir PATH  --stats FILE  --seed N
        --realistic fitted|as-given   between-identity covariance of realistic data (RealisticModel)
      """;

  static SearchPlan parse(String[] args) {
    if (args.length == 0) {
      throw new IllegalArgumentException("which plan?\n" + USAGE);
    }
    Builder b = preset(args[0]);
    for (int i = 1; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + args[i] + " needs a value\n" + USAGE);
      }
      b.set(args[i], args[i + 1]);
    }
    return b.build();
  }

  private static Builder preset(String name) {
    Builder b = new Builder(name);
    switch (name) {
      case "quick" -> {
        b.sizes = List.of(20_000);
        b.queries = 300;
        b.ks = List.of(10, 50, 100);
        b.warmup = Duration.ofMillis(500);
        b.measure = Duration.ofSeconds(1);
      }
      case "full" -> {
        b.sizes = List.of(10_000, 100_000);
        b.gridSizes = List.of(100_000);
        b.productSizes = List.of(100_000);
      }
      case "scale" -> {
        b.sizes = List.of(1_000_000);
        b.warmup = Duration.ofSeconds(2);
        b.measure = Duration.ofSeconds(4);
      }
      default -> throw new IllegalArgumentException("unknown plan '" + name + "'\n" + USAGE);
    }
    return b;
  }

  /** The mutable form of a plan while options are read; starts from the defaults of all plans. */
  private static final class Builder {
    final String name;
    List<Integer> sizes = List.of();
    List<String> data = List.of("face-like", "realistic");
    int perIdentity = 10;
    int queries = 1000;
    List<VectorFormat> formats = List.of(VectorFormat.values());
    List<Integer> gridMaxConns = List.of(8, 16, 32);
    List<Integer> gridBeamWidths = List.of(50, 100, 200);
    List<Integer> gridSizes = List.of();
    List<Integer> ks = List.of(10, 50, 100, 200, 500);
    List<Integer> threads = List.of(1, 2);
    Duration warmup = Duration.ofSeconds(1);
    Duration measure = Duration.ofSeconds(2);
    int buildThreads = 2;
    List<Integer> productSizes = List.of();
    Optional<Path> dir = Optional.empty();
    Optional<Path> stats = Optional.empty();
    boolean realisticFitted = true;
    long seed = 42;

    Builder(String name) {
      this.name = name;
    }

    void set(String option, String value) {
      switch (option) {
        case "--faces" -> sizes = ints(value);
        case "--data" -> data = strings(value);
        case "--per-identity" -> perIdentity = Integer.parseInt(value);
        case "--queries" -> queries = Integer.parseInt(value);
        case "--formats" -> formats = strings(value).stream().map(VectorFormat::parse).toList();
        case "--m" -> gridMaxConns = ints(value);
        case "--beam" -> gridBeamWidths = ints(value);
        case "--grid-faces" -> gridSizes = ints(value);
        case "--k" -> ks = ints(value);
        case "--threads" -> threads = ints(value);
        case "--warmup" -> warmup = seconds(value);
        case "--measure" -> measure = seconds(value);
        case "--build-threads" -> buildThreads = Integer.parseInt(value);
        case "--product-faces" -> productSizes = ints(value);
        case "--dir" -> dir = Optional.of(Path.of(value));
        case "--stats" -> stats = Optional.of(Path.of(value));
        case "--seed" -> seed = Long.parseLong(value);
        case "--realistic" ->
            realisticFitted =
                switch (value) {
                  case "fitted" -> true;
                  case "as-given" -> false;
                  default ->
                      throw new IllegalArgumentException(
                          "--realistic is fitted or as-given, not " + value);
                };
        default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
      }
    }

    SearchPlan build() {
      for (String kind : data) {
        if (!kind.equals("face-like") && !kind.equals("realistic")) {
          throw new IllegalArgumentException("unknown data '" + kind + "': face-like, realistic");
        }
      }
      if (!ks.contains(TARGET_K)) {
        // The targets and the product comparison are stated at the server's k.
        List<Integer> withTarget = new ArrayList<>(ks);
        withTarget.add(TARGET_K);
        ks = withTarget.stream().sorted().toList();
      }
      return new SearchPlan(
          name,
          sizes,
          data,
          perIdentity,
          queries,
          formats,
          gridMaxConns,
          gridBeamWidths,
          gridSizes,
          ks,
          threads,
          warmup,
          measure,
          buildThreads,
          productSizes,
          dir,
          stats,
          realisticFitted,
          seed);
    }

    private static List<Integer> ints(String value) {
      return strings(value).stream().map(s -> Integer.parseInt(s.replace("_", ""))).toList();
    }

    private static List<String> strings(String value) {
      return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Duration seconds(String value) {
      return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }
  }
}
