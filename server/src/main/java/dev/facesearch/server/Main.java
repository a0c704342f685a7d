package dev.facesearch.server;

import dev.facesearch.server.config.AuthMode;
import dev.facesearch.server.config.GalleryBackend;
import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.landmark.LandmarkModel;
import dev.facesearch.server.logging.LogFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The server's command line: {@code serve} runs the server until it is interrupted. */
@Command(
    name = "facesearch-server",
    mixinStandardHelpOptions = true,
    subcommands = {Main.Serve.class, KeysCommand.class},
    description = "Face identification server over gRPC.")
public final class Main {
  private static final Logger logger = Logger.getLogger(Main.class.getName());

  private Main() {}

  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty(
          "java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
    }
    CommandLine commandLine =
        new CommandLine(new Main())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler((e, cmd, parseResult) -> {
              cmd.getErr().println("facesearch-server: " + e.getMessage());
              logger.log(Level.FINE, "startup failed", e);
              return 1;
            });
    System.exit(commandLine.execute(args));
  }

  /** Reads auto, required or off. */
  static final class AuthModeConverter implements CommandLine.ITypeConverter<AuthMode> {
    @Override
    public AuthMode convert(String text) {
      for (AuthMode mode : AuthMode.values()) {
        if (mode.label().equalsIgnoreCase(text.strip())) {
          return mode;
        }
      }
      throw new CommandLine.TypeConversionException("'" + text + "' is not auto, required or off");
    }
  }

  /** Reads lucene or opensearch. */
  static final class GalleryBackendConverter implements CommandLine.ITypeConverter<GalleryBackend> {
    @Override
    public GalleryBackend convert(String text) {
      for (GalleryBackend backend : GalleryBackend.values()) {
        if (backend.label().equalsIgnoreCase(text.strip())) {
          return backend;
        }
      }
      throw new CommandLine.TypeConversionException("'" + text + "' is not lucene or opensearch");
    }
  }

  /** Reads auto, dlib or face-api; auto is empty. */
  static Optional<LandmarkModel> landmarkModel(String text) {
    return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "auto" -> Optional.empty();
      case "dlib" -> Optional.of(LandmarkModel.DLIB);
      case "face-api", "faceapi" -> Optional.of(LandmarkModel.FACE_API);
      default ->
          throw new IllegalArgumentException(
              "--landmark-model: '" + text + "' is not auto, dlib or face-api");
    };
  }

  /** Each option defaults to its environment variable, then to the settings' default. */
  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = "Runs the server until it is interrupted (Ctrl-C or SIGTERM).",
      footer = {
        "",
        "Faces are found by dlib's HOG detector and landmarked by dlib's 68-point shape predictor"
            + " where ./facesearch models has built them (else SSD MobileNet v1 and face-api's"
            + " landmark net). Licences: dlib's code and HOG detector, Boost 1.0; face-api's"
            + " models, MIT; dlib's shape_predictor_68_face_landmarks.dat was trained on iBUG"
            + " 300-W, whose terms exclude commercial use: for commercial use, create collections"
            + " (or send requests) with landmark_model LANDMARK_MODEL_FACE_API."
      })
  static final class Serve implements Callable<Integer> {
    @Option(
        names = "--host",
        defaultValue = "${env:FACESEARCH_HOST:-" + ServerSettings.DEFAULT_HOST + "}",
        description = "Address to listen on (env FACESEARCH_HOST; default ${DEFAULT-VALUE}).")
    String host;

    @Option(
        names = "--port",
        defaultValue = "${env:FACESEARCH_PORT:-" + ServerSettings.DEFAULT_PORT + "}",
        description =
            "TCP port, 0 for any free one (env FACESEARCH_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(
        names = "--data",
        defaultValue = "${env:FACESEARCH_DATA:-" + ServerSettings.DEFAULT_DATA_DIR + "}",
        description = "Data folder (env FACESEARCH_DATA; default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
        names = "--max-message-bytes",
        defaultValue =
            "${env:FACESEARCH_MAX_MESSAGE_BYTES:-" + ServerSettings.DEFAULT_MAX_MESSAGE_BYTES + "}",
        description = "Largest request accepted (default ${DEFAULT-VALUE}).")
    int maxMessageBytes;

    @Option(
        names = "--rpc-threads",
        defaultValue = "${env:FACESEARCH_RPC_THREADS:-" + ServerSettings.DEFAULT_RPC_THREADS + "}",
        description = "Threads that run calls (default ${DEFAULT-VALUE}).")
    int rpcThreads;

    @Option(
        names = "--max-open-collections",
        defaultValue =
            "${env:FACESEARCH_MAX_OPEN_COLLECTIONS:-"
                + ServerSettings.DEFAULT_MAX_OPEN_COLLECTIONS
                + "}",
        description = "Collections kept open at once (default ${DEFAULT-VALUE}).")
    int maxOpenCollections;

    @Option(
        names = "--search-candidates",
        defaultValue =
            "${env:FACESEARCH_SEARCH_CANDIDATES:-" + ServerSettings.DEFAULT_SEARCH_CANDIDATES + "}",
        description = "HNSW candidates per search, at least top_k (default ${DEFAULT-VALUE}).")
    int searchCandidates;

    @Option(
        names = "--exact-search-max-faces",
        defaultValue =
            "${env:FACESEARCH_EXACT_SEARCH_MAX_FACES:-"
                + ServerSettings.DEFAULT_EXACT_SEARCH_MAX_FACES
                + "}",
        description =
            "Collections up to this many faces are searched exactly (default ${DEFAULT-VALUE}).")
    int exactSearchMaxFaces;

    @Option(
        names = "--wide-search-candidates",
        defaultValue =
            "${env:FACESEARCH_WIDE_SEARCH_CANDIDATES:-"
                + ServerSettings.DEFAULT_WIDE_SEARCH_CANDIDATES
                + "}",
        description =
            "Candidates of a second graph search when the first one's answer is uncertain (its"
                + " best subjects close together, or its best distance near the threshold);"
                + " 0 never searches twice (default ${DEFAULT-VALUE}).")
    int wideSearchCandidates;

    @Option(
        names = "--subject-cache-size",
        defaultValue =
            "${env:FACESEARCH_SUBJECT_CACHE_SIZE:-"
                + ServerSettings.DEFAULT_SUBJECT_CACHE_SIZE
                + "}",
        description = "Subjects cached per collection (default ${DEFAULT-VALUE}).")
    int subjectCacheSize;

    @Option(
        names = "--shutdown-grace-seconds",
        defaultValue =
            "${env:FACESEARCH_SHUTDOWN_GRACE_SECONDS:-"
                + ServerSettings.DEFAULT_SHUTDOWN_GRACE_SECONDS
                + "}",
        description = "How long shutdown waits for calls in flight (default ${DEFAULT-VALUE}).")
    int shutdownGraceSeconds;

    @Option(
        names = "--models",
        defaultValue = "${env:FACESEARCH_MODELS:-" + ServerSettings.DEFAULT_MODELS_DIR + "}",
        description =
            "Folder of the ONNX models and models.json (env FACESEARCH_MODELS; default ${DEFAULT-VALUE}).")
    Path modelsDir;

    @Option(
        names = "--intra-op-threads",
        defaultValue =
            "${env:FACESEARCH_INTRA_OP_THREADS:-" + ServerSettings.DEFAULT_INTRA_OP_THREADS + "}",
        description = "Threads one model inference may use (default ${DEFAULT-VALUE}).")
    int intraOpThreads;

    @Option(
        names = "--predictors-per-model",
        defaultValue =
            "${env:FACESEARCH_PREDICTORS_PER_MODEL:-"
                + ServerSettings.DEFAULT_PREDICTORS_PER_MODEL
                + "}",
        description = "Most concurrent inferences per model (default ${DEFAULT-VALUE}).")
    int predictorsPerModel;

    @Option(
        names = "--max-image-bytes",
        defaultValue =
            "${env:FACESEARCH_MAX_IMAGE_BYTES:-" + ServerSettings.DEFAULT_MAX_IMAGE_BYTES + "}",
        description = "Largest encoded image accepted (default ${DEFAULT-VALUE}).")
    long maxImageBytes;

    @Option(
        names = "--max-image-pixels",
        defaultValue =
            "${env:FACESEARCH_MAX_IMAGE_PIXELS:-" + ServerSettings.DEFAULT_MAX_IMAGE_PIXELS + "}",
        description =
            "Largest image accepted in pixels, checked before decoding (default ${DEFAULT-VALUE}).")
    long maxImagePixels;

    @Option(
        names = "--face-cache-bytes",
        defaultValue =
            "${env:FACESEARCH_FACE_CACHE_BYTES:-" + ServerSettings.DEFAULT_FACE_CACHE_BYTES + "}",
        description = "Memory for cached pipeline results (default ${DEFAULT-VALUE}).")
    long faceCacheBytes;

    @Option(
        names = "--tls-cert",
        defaultValue = "${env:FACESEARCH_TLS_CERT}",
        description =
            "PEM certificate chain; with --tls-key the server speaks only TLS (env FACESEARCH_TLS_CERT).")
    Path tlsCert;

    @Option(
        names = "--tls-key",
        defaultValue = "${env:FACESEARCH_TLS_KEY}",
        description = "PEM (PKCS#8) private key of --tls-cert (env FACESEARCH_TLS_KEY).")
    Path tlsKey;

    @Option(
        names = "--tls-client-ca",
        defaultValue = "${env:FACESEARCH_TLS_CLIENT_CA}",
        description =
            "PEM CA certificates; clients must present a certificate they signed (mutual TLS;"
                + " env FACESEARCH_TLS_CLIENT_CA).")
    Path tlsClientCa;

    @Option(
        names = "--auth",
        defaultValue = "${env:FACESEARCH_AUTH:-" + ServerSettings.DEFAULT_AUTH + "}",
        converter = AuthModeConverter.class,
        description =
            "API keys: auto (required once the data folder has a keys file), required, or off"
                + " (env FACESEARCH_AUTH; default ${DEFAULT-VALUE}).")
    AuthMode auth;

    @Option(
        names = "--insecure",
        defaultValue = "${env:FACESEARCH_INSECURE:-false}",
        description =
            "Allow listening on a non-loopback address with neither TLS nor API keys"
                + " (env FACESEARCH_INSECURE).")
    boolean insecure;

    @Option(
        names = "--metrics-port",
        defaultValue =
            "${env:FACESEARCH_METRICS_PORT:-" + ServerSettings.DEFAULT_METRICS_PORT + "}",
        description =
            "HTTP port of the Prometheus metrics (/metrics) on the same host; 0 for any free one,"
                + " -1 for none (env FACESEARCH_METRICS_PORT; default ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(
        names = "--max-queued-calls",
        defaultValue =
            "${env:FACESEARCH_MAX_QUEUED_CALLS:-" + ServerSettings.DEFAULT_MAX_QUEUED_CALLS + "}",
        description =
            "Calls that may wait for one of the RPC threads; more are refused with"
                + " RESOURCE_EXHAUSTED (default ${DEFAULT-VALUE}).")
    int maxQueuedCalls;

    @Option(
        names = "--pipeline-concurrency",
        defaultValue =
            "${env:FACESEARCH_PIPELINE_CONCURRENCY:-"
                + ServerSettings.DEFAULT_PIPELINE_CONCURRENCY
                + "}",
        description = "Images in the image pipeline at once (default ${DEFAULT-VALUE}).")
    int pipelineConcurrency;

    @Option(
        names = "--pipeline-wait-millis",
        defaultValue =
            "${env:FACESEARCH_PIPELINE_WAIT_MILLIS:-"
                + ServerSettings.DEFAULT_PIPELINE_WAIT_MILLIS
                + "}",
        description =
            "Longest an image waits to enter the pipeline before RESOURCE_EXHAUSTED"
                + " (default ${DEFAULT-VALUE}).")
    long pipelineWaitMillis;

    @Option(
        names = "--log-format",
        defaultValue = "${env:FACESEARCH_LOG_FORMAT:-text}",
        description =
            "Log lines as text for people or as JSON for log collectors: ${COMPLETION-CANDIDATES}"
                + " (env FACESEARCH_LOG_FORMAT; default ${DEFAULT-VALUE}).")
    LogFormat logFormat;

    @Option(
        names = "--gallery",
        defaultValue = "${env:FACESEARCH_GALLERY:-" + ServerSettings.DEFAULT_GALLERY + "}",
        converter = GalleryBackendConverter.class,
        description =
            "Where the gallery lives: lucene (embedded, in the data folder) or opensearch (a"
                + " cluster, see --opensearch-url; env FACESEARCH_GALLERY; default"
                + " ${DEFAULT-VALUE}).")
    GalleryBackend gallery;

    @Option(
        names = "--opensearch-url",
        defaultValue = "${env:FACESEARCH_OPENSEARCH_URL}",
        description =
            "Comma-separated HTTP addresses of OpenSearch nodes, e.g."
                + " http://10.0.0.1:9200,http://10.0.0.2:9200 (env FACESEARCH_OPENSEARCH_URL).")
    String openSearchUrls;

    @Option(
        names = "--opensearch-ca",
        defaultValue = "${env:FACESEARCH_OPENSEARCH_CA}",
        description =
            "PEM certificates of the authorities that signed the https:// nodes' certificates,"
                + " if not in the JVM's trust store (env FACESEARCH_OPENSEARCH_CA).")
    Path openSearchCa;

    @Option(
        names = "--opensearch-credentials",
        defaultValue = "${env:FACESEARCH_OPENSEARCH_CREDENTIALS}",
        description =
            "A file holding user:password for the cluster's HTTP basic authentication; sent only"
                + " to https:// nodes (env FACESEARCH_OPENSEARCH_CREDENTIALS).")
    Path openSearchCredentials;

    @Option(
        names = "--landmark-model",
        defaultValue = "${env:FACESEARCH_LANDMARK_MODEL:-auto}",
        description =
            "Landmark model of requests and collections that set none: auto (dlib's shape"
                + " predictor where ./facesearch models built it, else face-api's net), dlib, or"
                + " face-api. dlib's model was trained on iBUG 300-W, whose terms exclude"
                + " commercial use: commercial users choose face-api (env"
                + " FACESEARCH_LANDMARK_MODEL; default ${DEFAULT-VALUE}).")
    String landmarkModel;

    ServerSettings settings() {
      return ServerSettings.defaults().toBuilder()
          .host(host)
          .port(port)
          .dataDir(dataDir)
          .maxMessageBytes(maxMessageBytes)
          .rpcThreads(rpcThreads)
          .maxOpenCollections(maxOpenCollections)
          .searchCandidates(searchCandidates)
          .exactSearchMaxFaces(exactSearchMaxFaces)
          .wideSearchCandidates(wideSearchCandidates)
          .subjectCacheSize(subjectCacheSize)
          .shutdownGrace(Duration.ofSeconds(shutdownGraceSeconds))
          .modelsDir(modelsDir)
          .intraOpThreads(intraOpThreads)
          .predictorsPerModel(predictorsPerModel)
          .maxImageBytes(maxImageBytes)
          .maxImagePixels(maxImagePixels)
          .faceCacheBytes(faceCacheBytes)
          .tlsCert(Optional.ofNullable(tlsCert))
          .tlsKey(Optional.ofNullable(tlsKey))
          .tlsClientCa(Optional.ofNullable(tlsClientCa))
          .auth(auth)
          .insecure(insecure)
          .metricsPort(metricsPort)
          .maxQueuedCalls(maxQueuedCalls)
          .pipelineConcurrency(pipelineConcurrency)
          .pipelineWait(Duration.ofMillis(pipelineWaitMillis))
          .gallery(gallery)
          .openSearchUrls(ServerSettings.parseUrls(openSearchUrls))
          .openSearchCa(Optional.ofNullable(openSearchCa))
          .openSearchCredentials(Optional.ofNullable(openSearchCredentials))
          .landmarks(landmarkModel(landmarkModel))
          .build();
    }

    @Override
    public Integer call() throws Exception {
      logFormat.install();
      ServerSettings settings = settings();
      FaceSearchServer server = FaceSearchServer.start(settings);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              Thread.ofPlatform()
                  .name("facesearch-shutdown")
                  .unstarted(() -> {
                    try {
                      server.close();
                    } catch (Exception e) {
                      logger.log(Level.WARNING, "shutdown failed", e);
                    } finally {
                      stopped.countDown();
                    }
                  }));
      // Printed, not logged: scripts and operators wait for this line.
      System.out.println(
          "facesearch listening on "
              + settings.host()
              + ":"
              + server.port()
              + ", data in "
              + settings.dataDir().toAbsolutePath().normalize()
              + (server.metricsPort() < 0
                  ? ""
                  : ", metrics on http://"
                      + settings.host()
                      + ":"
                      + server.metricsPort()
                      + "/metrics"));
      System.out.flush();
      server.awaitTermination();
      stopped.await();
      return 0;
    }
  }
}
