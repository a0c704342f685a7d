package dev.facesearch.bench.load;

import dev.facesearch.bench.pipeline.PipelineConfiguration;
import dev.facesearch.bench.pipeline.PipelineTargets;
import dev.facesearch.bench.pipeline.ProjectFiles;
import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.gallery.CompactionProgress;
import dev.facesearch.server.gallery.VectorEncoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.util.IOUtils;

/**
 * The pipeline and RPC load harness: a main, not JMH, because it measures a whole server under
 * concurrent load, with warm-up excluded and latency quantiles from every call.
 *
 * <p>Parts, each a markdown table on standard output:
 *
 * <ul>
 *   <li>{@code pipeline}: the image pipeline without gRPC ({@link PipelinePart}) on LFW 250x250 and
 *       640x480 photos, for every detector with every landmark model in {@code full} (dlib's HOG at
 *       upsampling 0 and 1), for dlib's path, its upsampled variant and SSD with face-api's
 *       landmarks in {@code quick}: per-stage latency and images/s with 1 and 2 callers; then
 *       dlib's HOG detector and shape predictor alone, the Java ports beside dlib's own C++ on the
 *       same photos.
 *   <li>{@code embedding}: Identify by embedding (top_k 5) against 100,000 face-like embeddings
 *       (20,000 subjects x 5, drawn from LFW statistics; {@code --vectors=isotropic} for the worst
 *       case), written through the server's own gallery before the server starts ({@link
 *       FaceLikeGallery}), with N = 1, 2, 4, 8, 16 closed-loop clients, once per search-candidate
 *       setting, each with the recall@1 of the served answers against brute force.
 *   <li>{@code image}: Identify by image (the 100 LFW photos, the server's result cache off)
 *       against the same gallery.
 *   <li>{@code enroll}: Enroll of one embedding per call into a fresh collection, N clients:
 *       calls/s, and commits/s read from the index's commit generation, which shows group commit.
 *   <li>{@code enroll-image}: Enroll by image of the 100 LFW photos into a fresh collection with
 *       the server's detection defaults, 1 and 10 photos per call, 2 and 4 clients: images/s.
 * </ul>
 *
 * <p>The pipeline and enroll-image parts end with the targets of dlib's pipeline ({@link
 * dev.facesearch.bench.pipeline.PipelineTargets}).
 *
 * <p>The server is real: {@code FaceSearchServer.start} with its default settings (but the result
 * cache off) on loopback, port 0, Netty, a temporary data folder; clients use a real Netty channel
 * in the same JVM, so server and clients share the cores. Each table gives the cores the JVM and
 * the whole machine used, and the JVM's CPU time per call, which other work on the machine does not
 * inflate as much as it does latency.
 *
 * <p>Run: {@code java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp
 * bench/target/facesearch-bench.jar dev.facesearch.bench.load.LoadBench quick} (about 5 minutes,
 * plus about 80 s the first time to build the gallery, which is then kept in
 * bench/target/load-gallery) or {@code full} (about 25 minutes, 11.5 of them the pipeline and
 * enroll-image parts). Options: {@code --parts=pipeline,embedding,image,enroll,enroll-image},
 * {@code --configurations=quick|all} (the pipeline part's configurations, whatever the plan),
 * {@code --clients=1,2,4,8,16}, {@code --search-candidates=100,50,32} (default: the server's, 100,
 * in quick; 100,50,32 in full), {@code --rpc-threads=N}, {@code --subjects=20000}, {@code
 * --vectors=lfw|isotropic}, {@code --compact} (force-merge the gallery to one segment first, see
 * {@link GalleryCompaction}), {@code --out=FILE} (also writes the tables there). Needs the models
 * ({@code FACESEARCH_MODELS} or models/target/onnx); the pipeline and image parts skip without the
 * shared photos.
 */
public final class LoadBench {
  static final long GALLERY_SEED = 100_000;
  static final int FACES_PER_SUBJECT = 5;
  private static final int BUILD_THREADS = 32;
  private static final int QUICK_DLIB_ROUNDS = 3;
  private static final int FULL_DLIB_ROUNDS = 7;

  private static final Set<String> RPC_PARTS =
      Set.of("embedding", "image", "enroll", "enroll-image");

  private LoadBench() {}

  /**
   * How long each part runs.
   *
   * @param firstWarmup warm-up of a load before its first client count: the JIT takes 10-20 s to
   *     compile the search path
   * @param pipelineWarmup warm-up per pipeline configuration
   * @param pipelineMeasure window per pipeline measurement
   * @param searchWarmup warm-up per client count, embedding and enroll loads
   * @param searchMeasure window per client count, embedding and enroll loads
   * @param imageWarmup warm-up per client count, image load
   * @param imageMeasure window per client count, image load
   * @param candidates the search-candidate settings the embedding load runs with
   * @param configurations the pipeline part's detector and landmark model pairs
   * @param dlibRounds rounds per photo when timing dlib's detector and predictor alone
   */
  record Plan(
      Duration firstWarmup,
      Duration pipelineWarmup,
      Duration pipelineMeasure,
      Duration searchWarmup,
      Duration searchMeasure,
      Duration imageWarmup,
      Duration imageMeasure,
      List<Integer> candidates,
      List<PipelineConfiguration> configurations,
      int dlibRounds) {
    static Plan of(String mode) {
      return switch (mode) {
        case "quick" ->
            new Plan(
                Duration.ofSeconds(15),
                Duration.ofSeconds(2),
                Duration.ofSeconds(3),
                Duration.ofSeconds(1),
                Duration.ofSeconds(3),
                Duration.ofSeconds(2),
                Duration.ofSeconds(4),
                List.of(ServerSettings.DEFAULT_SEARCH_CANDIDATES),
                PipelineConfiguration.quick(),
                QUICK_DLIB_ROUNDS);
        case "full" ->
            new Plan(
                Duration.ofSeconds(20),
                Duration.ofSeconds(6),
                Duration.ofSeconds(10),
                Duration.ofSeconds(3),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                Duration.ofSeconds(15),
                List.of(ServerSettings.DEFAULT_SEARCH_CANDIDATES, 50, 32),
                PipelineConfiguration.all(),
                FULL_DLIB_ROUNDS);
        default -> throw new IllegalArgumentException("mode must be quick or full, got " + mode);
      };
    }

    Plan withCandidates(List<Integer> values) {
      return new Plan(
          firstWarmup,
          pipelineWarmup,
          pipelineMeasure,
          searchWarmup,
          searchMeasure,
          imageWarmup,
          imageMeasure,
          values,
          configurations,
          dlibRounds);
    }

    Plan withConfigurations(List<PipelineConfiguration> values) {
      return new Plan(
          firstWarmup,
          pipelineWarmup,
          pipelineMeasure,
          searchWarmup,
          searchMeasure,
          imageWarmup,
          imageMeasure,
          candidates,
          values,
          dlibRounds);
    }
  }

  /** The command line. */
  private record Options(
      Plan plan,
      String mode,
      Set<String> parts,
      List<Integer> clients,
      int subjects,
      String vectors,
      Optional<Integer> rpcThreads,
      boolean compact,
      VectorEncoding encoding,
      int wideCandidates,
      Optional<Path> out) {
    static Options parse(String[] args) {
      String mode = "full";
      Set<String> parts =
          new LinkedHashSet<>(List.of("pipeline", "embedding", "image", "enroll", "enroll-image"));
      List<Integer> clients = List.of(1, 2, 4, 8, 16);
      List<Integer> candidates = null;
      String configurations = null;
      int subjects = 20_000;
      String vectors = "lfw";
      Optional<Integer> rpcThreads = Optional.empty();
      boolean compact = false;
      VectorEncoding encoding = VectorEncoding.FLOAT32;
      int wideCandidates = ServerSettings.DEFAULT_WIDE_SEARCH_CANDIDATES;
      Optional<Path> out = Optional.empty();
      for (String arg : args) {
        String value = arg.substring(arg.indexOf('=') + 1);
        if (arg.equals("quick") || arg.equals("full")) {
          mode = arg;
        } else if (arg.startsWith("--parts=")) {
          parts = new LinkedHashSet<>(List.of(value.split(",")));
        } else if (arg.startsWith("--clients=")) {
          clients = integers(value);
        } else if (arg.startsWith("--search-candidates=")) {
          candidates = integers(value);
        } else if (arg.startsWith("--configurations=")) {
          configurations = value;
        } else if (arg.startsWith("--subjects=")) {
          subjects = Integer.parseInt(value);
        } else if (arg.startsWith("--vectors=")) {
          vectors = value;
        } else if (arg.startsWith("--rpc-threads=")) {
          rpcThreads = Optional.of(Integer.valueOf(value));
        } else if (arg.equals("--compact")) {
          compact = true;
        } else if (arg.startsWith("--wide-search-candidates=")) {
          wideCandidates = Integer.parseInt(value);
        } else if (arg.startsWith("--vector-encoding=")) {
          encoding = VectorEncoding.valueOf(value.toUpperCase(Locale.ROOT));
        } else if (arg.startsWith("--out=")) {
          out = Optional.of(Path.of(value));
        } else {
          throw new IllegalArgumentException(
              "unknown argument "
                  + arg
                  + "; usage: LoadBench [quick|full]"
                  + " [--parts=pipeline,embedding,image,enroll,enroll-image]"
                  + " [--configurations=quick|all] [--clients=1,2,4,8,16]"
                  + " [--search-candidates=100,50,32] [--rpc-threads=N]"
                  + " [--subjects=20000] [--vectors=lfw|isotropic] [--compact]"
                  + " [--vector-encoding=float32|int8] [--wide-search-candidates=N]"
                  + " [--out=FILE]");
        }
      }
      Plan plan = Plan.of(mode);
      if (candidates != null) {
        plan = plan.withCandidates(candidates);
      }
      if (configurations != null) {
        plan =
            plan.withConfigurations(
                switch (configurations) {
                  case "quick" -> PipelineConfiguration.quick();
                  case "all" -> PipelineConfiguration.all();
                  default ->
                      throw new IllegalArgumentException(
                          "--configurations must be quick or all, got " + configurations);
                });
      }
      return new Options(
          plan,
          mode,
          parts,
          clients,
          subjects,
          vectors,
          rpcThreads,
          compact,
          encoding,
          wideCandidates,
          out);
    }
  }

  /** A comma-separated list of integers, as the options take them. */
  static List<Integer> integers(String csv) {
    return Arrays.stream(csv.split(",")).map(Integer::valueOf).toList();
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Report report = new Report(options.out());
    report.line(
        String.format(
            Locale.ROOT,
            "# facesearch load (%s): %d cores, Java %s, models %s",
            options.mode(),
            Runtime.getRuntime().availableProcessors(),
            Runtime.version(),
            ProjectFiles.modelsDir()));
    Set<String> parts = new LinkedHashSet<>(options.parts());
    Optional<Path> faces = ProjectFiles.sharedFaces();
    if (faces.isEmpty()) {
      report.line(
          "The shared photos are not there: the pipeline, image and enroll-image parts are"
              + " skipped.");
      parts.remove("pipeline");
      parts.remove("image");
      parts.remove("enroll-image");
    }
    PipelineTargets targets = new PipelineTargets();
    if (parts.contains("pipeline")) {
      PipelinePart.run(options.plan(), faces.orElseThrow(), report, targets);
    }
    if (parts.stream().anyMatch(RPC_PARTS::contains)) {
      rpc(options, parts, faces, report, targets);
    }
    if (parts.contains("pipeline") || parts.contains("enroll-image")) {
      if (!parts.contains("enroll-image")) {
        targets.notMeasured(
            "bulk Enroll by image, 2 cores (images/s)", "the enroll-image part was not run");
      }
      report.line("## Targets of dlib's pipeline\n\n" + targets.toString().strip());
    }
    report.close();
  }

  private static void rpc(
      Options options,
      Set<String> parts,
      Optional<Path> faces,
      Report report,
      PipelineTargets targets)
      throws Exception {
    FaceVectors vectors = vectors(options.vectors());
    FaceLikeGallery gallery =
        new FaceLikeGallery(
            vectors, GALLERY_SEED, options.subjects(), FACES_PER_SUBJECT, options.encoding());
    Path data = Files.createTempDirectory("facesearch-load-");
    try {
      ServerSettings settings = LoadServer.settings(data, ProjectFiles.modelsDir());
      settings = settings.toBuilder().wideSearchCandidates(options.wideCandidates()).build();
      if (options.rpcThreads().isPresent()) {
        settings = settings.toBuilder().rpcThreads(options.rpcThreads().get()).build();
      }
      report.line(
          String.format(
              Locale.ROOT,
              "Server: FaceSearchServer on localhost (Netty), %d RPC threads, result cache off;"
                  + " clients: one Netty channel, async stubs, in the same JVM.",
              settings.rpcThreads()));
      if (parts.contains("embedding") || parts.contains("image")) {
        report.progress("preparing a gallery of " + gallery.faces() + " faces");
        GalleryCache cache =
            new GalleryCache(
                RpcLoads.galleryCacheRoot(),
                options.vectors()
                    + "-"
                    + options.subjects()
                    + "x"
                    + FACES_PER_SUBJECT
                    + "-seed"
                    + GALLERY_SEED
                    + (options.encoding() == VectorEncoding.FLOAT32
                        ? ""
                        : "-" + options.encoding().name().toLowerCase(Locale.ROOT)));
        GalleryCache.Outcome outcome =
            cache.copyInto(data, RpcLoads.GALLERY, gallery, settings, BUILD_THREADS);
        report.line(
            String.format(
                Locale.ROOT,
                "Gallery: %,d embeddings (%,d subjects x %d, %s) in %d segments, enrolled"
                    + " through LuceneGallery.enroll (one call per subject, %d threads) %s.",
                gallery.faces(),
                gallery.subjects(),
                FACES_PER_SUBJECT,
                vectors.description(),
                outcome.segments(),
                BUILD_THREADS,
                outcome.built()
                    ? String.format(Locale.ROOT, "in %.1f s", outcome.buildSeconds())
                    : "by an earlier run, copied"));
        if (options.compact()) {
          CompactionProgress compacted = GalleryCompaction.compact(settings, RpcLoads.GALLERY);
          report.line(
              String.format(
                  Locale.ROOT,
                  "Compacted (--compact): the product's compaction merged %d segments into %d in"
                      + " %.1f s before the server started.",
                  compacted.segmentsBefore(),
                  compacted.segments(),
                  compacted.elapsed().toMillis() / 1000.0));
        }
      }
      RpcLoads loads =
          new RpcLoads(options.plan(), options.clients(), data, settings, gallery, vectors, report);
      if (parts.contains("embedding")) {
        for (int candidates : options.plan().candidates()) {
          loads.identifyByEmbedding(candidates);
        }
      }
      if (parts.contains("image")) {
        loads.identifyByImage(faces.orElseThrow());
      }
      if (parts.contains("enroll")) {
        loads.enroll();
      }
      if (parts.contains("enroll-image")) {
        loads.enrollByImage(faces.orElseThrow(), targets);
      }
    } finally {
      IOUtils.rm(data);
    }
  }

  /** The gallery's distribution: LFW statistics (the default) or isotropic. */
  static FaceVectors vectors(String name) throws IOException {
    return switch (name) {
      case "isotropic" -> new IsotropicFaces();
      case "lfw" ->
          LfwStatisticsFaces.read(
              ProjectFiles.shared(LfwStatisticsFaces.FILE)
                  .orElseThrow(() ->
                      new IllegalStateException(
                          LfwStatisticsFaces.FILE
                              + " is not in the shared folder: use --vectors=isotropic")));
      default ->
          throw new IllegalArgumentException("--vectors must be lfw or isotropic, got " + name);
    };
  }
}
