package dev.facesearch.server.config;

import dev.facesearch.server.landmark.LandmarkModel;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every setting of the server, in one place, with its default.
 *
 * <p>The defaults are the {@code DEFAULT_*} constants, which the command line of {@code facesearch
 * serve} also uses, so flags, environment variables and tests all start from the same values.
 *
 * @param host address to listen on; "localhost" keeps the biometric API off the network
 * @param port TCP port; 0 picks a free one
 * @param dataDir folder holding one Lucene index per collection
 * @param maxMessageBytes largest request accepted; larger ones get RESOURCE_EXHAUSTED
 * @param rpcThreads threads that run calls; Lucene commits block, so more than the cores
 * @param maxOpenCollections collections kept open (an index writer and searcher each)
 * @param searchCandidates HNSW candidates per search ("k" of the graph search), at least top_k
 * @param exactSearchMaxFaces galleries up to this many faces are scanned exactly, not by HNSW
 * @param wideSearchCandidates candidates of a second, wider graph search when the first one's
 *     answer is uncertain (its best subjects close together, or its best distance close to the
 *     collection's threshold); 0: never
 * @param subjectCacheSize subjects per collection whose faces are cached for GetSubject
 * @param shutdownGrace how long shutdown waits for calls in flight
 * @param modelsDir folder with the ONNX models and models.json ({@code facesearch models})
 * @param intraOpThreads threads one ONNX Runtime inference may use
 * @param predictorsPerModel most concurrent inferences per model
 * @param maxImageBytes largest encoded image accepted
 * @param maxImagePixels largest image accepted, in pixels, checked from its header before decoding
 * @param faceCacheBytes bound on the cache of pipeline results (faces and embeddings per image)
 * @param tlsCert PEM certificate chain; with {@code tlsKey}, the server speaks only TLS
 * @param tlsKey PEM private key (PKCS#8) of {@code tlsCert}
 * @param tlsClientCa PEM certificates of the authorities whose client certificates are required
 *     (mutual TLS); needs {@code tlsCert}
 * @param auth whether calls need an API key from the keys file in the data folder
 * @param insecure allow listening beyond loopback with neither TLS nor API keys
 * @param metricsPort HTTP port of the Prometheus metrics, on the same host; 0 picks a free one, -1
 *     turns them off
 * @param maxQueuedCalls calls that may wait for one of the {@code rpcThreads}; beyond that a call
 *     is refused at once with RESOURCE_EXHAUSTED
 * @param pipelineConcurrency images in the image pipeline at once; more only compete for the
 *     models' predictors
 * @param pipelineWait longest an image waits to enter the pipeline before it is refused
 * @param gallery where the gallery lives: the embedded Lucene index, or an OpenSearch cluster
 * @param openSearchUrls HTTP addresses of OpenSearch nodes (any subset of the cluster); needed by,
 *     and only used by, the OpenSearch gallery
 * @param openSearchCa PEM certificates of the authorities trusted for {@code https} nodes, instead
 *     of the JVM's default trust store
 * @param openSearchCredentials a file holding {@code user:password} for the cluster's HTTP basic
 *     authentication; needs {@code https} nodes
 * @param landmarks the landmark model of requests and collections that set none; empty for dlib's
 *     shape predictor where it is built (its model's licence excludes commercial use), else
 *     face-api's net
 */
public record ServerSettings(
    String host,
    int port,
    Path dataDir,
    int maxMessageBytes,
    int rpcThreads,
    int maxOpenCollections,
    int searchCandidates,
    int exactSearchMaxFaces,
    int wideSearchCandidates,
    int subjectCacheSize,
    Duration shutdownGrace,
    Path modelsDir,
    int intraOpThreads,
    int predictorsPerModel,
    long maxImageBytes,
    long maxImagePixels,
    long faceCacheBytes,
    Optional<Path> tlsCert,
    Optional<Path> tlsKey,
    Optional<Path> tlsClientCa,
    AuthMode auth,
    boolean insecure,
    int metricsPort,
    int maxQueuedCalls,
    int pipelineConcurrency,
    Duration pipelineWait,
    GalleryBackend gallery,
    List<URI> openSearchUrls,
    Optional<Path> openSearchCa,
    Optional<Path> openSearchCredentials,
    Optional<LandmarkModel> landmarks) {

  public static final String DEFAULT_HOST = "localhost";
  public static final int DEFAULT_PORT = 50051;
  public static final String DEFAULT_DATA_DIR = "data";
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
  public static final int DEFAULT_RPC_THREADS = 16;
  public static final int DEFAULT_MAX_OPEN_COLLECTIONS = 64;
  public static final int DEFAULT_SEARCH_CANDIDATES = 100;
  public static final int DEFAULT_EXACT_SEARCH_MAX_FACES = 10_000;
  public static final int DEFAULT_WIDE_SEARCH_CANDIDATES = 300;
  public static final int DEFAULT_SUBJECT_CACHE_SIZE = 10_000;
  public static final int DEFAULT_SHUTDOWN_GRACE_SECONDS = 30;
  public static final String DEFAULT_MODELS_DIR = "models/target/onnx";
  public static final int DEFAULT_INTRA_OP_THREADS = 1;
  public static final int DEFAULT_PREDICTORS_PER_MODEL = 4;
  public static final long DEFAULT_MAX_IMAGE_BYTES = 20L * 1024 * 1024;
  public static final long DEFAULT_MAX_IMAGE_PIXELS = 40_000_000L;
  public static final long DEFAULT_FACE_CACHE_BYTES = 64L * 1024 * 1024;
  public static final String DEFAULT_AUTH = "auto";
  public static final int DEFAULT_METRICS_PORT = 9464;
  public static final int DEFAULT_MAX_QUEUED_CALLS = 64;
  public static final int DEFAULT_PIPELINE_CONCURRENCY = DEFAULT_PREDICTORS_PER_MODEL;
  public static final int DEFAULT_PIPELINE_WAIT_MILLIS = 5_000;
  public static final String DEFAULT_GALLERY = "lucene";

  public ServerSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    Objects.requireNonNull(modelsDir, "modelsDir");
    checkRange("intra-op threads", intraOpThreads, 1, 1024);
    checkRange("predictors per model", predictorsPerModel, 1, 1024);
    checkRange("max image bytes", maxImageBytes, 1, maxMessageBytes);
    checkRange("max image pixels", maxImagePixels, 1, 1_000_000_000L);
    checkRange("face cache bytes", faceCacheBytes, 0, Long.MAX_VALUE);
    checkRange("port", port, 0, 65_535);
    checkRange("max message bytes", maxMessageBytes, 1024, Integer.MAX_VALUE);
    checkRange("rpc threads", rpcThreads, 1, 4096);
    checkRange("max open collections", maxOpenCollections, 1, 100_000);
    checkRange("search candidates", searchCandidates, 1, 10_000);
    checkRange("exact search max faces", exactSearchMaxFaces, 0, Integer.MAX_VALUE);
    checkRange("wide search candidates", wideSearchCandidates, 0, 10_000);
    checkRange("subject cache size", subjectCacheSize, 0, Integer.MAX_VALUE);
    Objects.requireNonNull(tlsCert, "tlsCert");
    Objects.requireNonNull(tlsKey, "tlsKey");
    Objects.requireNonNull(tlsClientCa, "tlsClientCa");
    Objects.requireNonNull(auth, "auth");
    if (tlsCert.isPresent() != tlsKey.isPresent()) {
      throw new IllegalArgumentException("TLS needs both a certificate and its private key");
    }
    if (tlsClientCa.isPresent() && tlsCert.isEmpty()) {
      throw new IllegalArgumentException(
          "client certificates (mutual TLS) need TLS: a certificate" + " and its private key");
    }
    Objects.requireNonNull(pipelineWait, "pipelineWait");
    checkRange("metrics port", metricsPort, -1, 65_535);
    checkRange("max queued calls", maxQueuedCalls, 0, 1_000_000);
    checkRange("pipeline concurrency", pipelineConcurrency, 1, 1024);
    if (pipelineWait.isNegative()) {
      throw new IllegalArgumentException("pipeline wait must not be negative: " + pipelineWait);
    }
    Objects.requireNonNull(gallery, "gallery");
    Objects.requireNonNull(landmarks, "landmarks");
    openSearchUrls = List.copyOf(openSearchUrls);
    if (gallery == GalleryBackend.OPENSEARCH && openSearchUrls.isEmpty()) {
      throw new IllegalArgumentException(
          "the OpenSearch gallery needs the address of at least one node (--opensearch-url)");
    }
    for (URI url : openSearchUrls) {
      if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
          || url.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) address of an OpenSearch node: " + url);
      }
    }
    Objects.requireNonNull(openSearchCa, "openSearchCa");
    Objects.requireNonNull(openSearchCredentials, "openSearchCredentials");
    if (openSearchCredentials.isPresent()
        && openSearchUrls.stream().anyMatch(url -> !"https".equals(url.getScheme()))) {
      throw new IllegalArgumentException(
          "OpenSearch credentials are only sent over TLS: give https:// node addresses");
    }
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("shutdown grace must not be negative: " + shutdownGrace);
    }
  }

  /** The settings of a server started with no flags and no environment. */
  public static ServerSettings defaults() {
    return new ServerSettings(
        DEFAULT_HOST,
        DEFAULT_PORT,
        Path.of(DEFAULT_DATA_DIR),
        DEFAULT_MAX_MESSAGE_BYTES,
        DEFAULT_RPC_THREADS,
        DEFAULT_MAX_OPEN_COLLECTIONS,
        DEFAULT_SEARCH_CANDIDATES,
        DEFAULT_EXACT_SEARCH_MAX_FACES,
        DEFAULT_WIDE_SEARCH_CANDIDATES,
        DEFAULT_SUBJECT_CACHE_SIZE,
        Duration.ofSeconds(DEFAULT_SHUTDOWN_GRACE_SECONDS),
        Path.of(DEFAULT_MODELS_DIR),
        DEFAULT_INTRA_OP_THREADS,
        DEFAULT_PREDICTORS_PER_MODEL,
        DEFAULT_MAX_IMAGE_BYTES,
        DEFAULT_MAX_IMAGE_PIXELS,
        DEFAULT_FACE_CACHE_BYTES,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        AuthMode.AUTO,
        false,
        DEFAULT_METRICS_PORT,
        DEFAULT_MAX_QUEUED_CALLS,
        DEFAULT_PIPELINE_CONCURRENCY,
        Duration.ofMillis(DEFAULT_PIPELINE_WAIT_MILLIS),
        GalleryBackend.LUCENE,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * Parses a comma-separated list of OpenSearch node addresses ({@code http://host:9200,...});
   * blanks give an empty list.
   */
  public static List<URI> parseUrls(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return Arrays.stream(text.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .map(URI::create)
        .toList();
  }

  /** Whether the server speaks TLS. */
  public boolean tls() {
    return tlsCert.isPresent();
  }

  /** These settings with another data folder. */
  public ServerSettings withDataDir(Path dir) {
    return toBuilder().dataDir(dir).build();
  }

  /** These settings with another port. */
  public ServerSettings withPort(int newPort) {
    return toBuilder().port(newPort).build();
  }

  /** These settings with another models folder. */
  public ServerSettings withModelsDir(Path dir) {
    return toBuilder().modelsDir(dir).build();
  }

  /** These settings with another exact-search limit (0 sends every search through HNSW). */
  public ServerSettings withExactSearchMaxFaces(int faces) {
    return toBuilder().exactSearchMaxFaces(faces).build();
  }

  /** These settings with another metrics port (-1: no metrics endpoint). */
  public ServerSettings withMetricsPort(int newPort) {
    return toBuilder().metricsPort(newPort).build();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.host = host;
    b.port = port;
    b.dataDir = dataDir;
    b.maxMessageBytes = maxMessageBytes;
    b.rpcThreads = rpcThreads;
    b.maxOpenCollections = maxOpenCollections;
    b.searchCandidates = searchCandidates;
    b.exactSearchMaxFaces = exactSearchMaxFaces;
    b.wideSearchCandidates = wideSearchCandidates;
    b.subjectCacheSize = subjectCacheSize;
    b.shutdownGrace = shutdownGrace;
    b.modelsDir = modelsDir;
    b.intraOpThreads = intraOpThreads;
    b.predictorsPerModel = predictorsPerModel;
    b.maxImageBytes = maxImageBytes;
    b.maxImagePixels = maxImagePixels;
    b.faceCacheBytes = faceCacheBytes;
    b.tlsCert = tlsCert;
    b.tlsKey = tlsKey;
    b.tlsClientCa = tlsClientCa;
    b.auth = auth;
    b.insecure = insecure;
    b.metricsPort = metricsPort;
    b.maxQueuedCalls = maxQueuedCalls;
    b.pipelineConcurrency = pipelineConcurrency;
    b.pipelineWait = pipelineWait;
    b.gallery = gallery;
    b.openSearchUrls = openSearchUrls;
    b.openSearchCa = openSearchCa;
    b.openSearchCredentials = openSearchCredentials;
    b.landmarks = landmarks;
    return b;
  }

  /** Settings built one named field at a time; unset fields keep the values it started from. */
  public static final class Builder {
    private String host;
    private int port;
    private Path dataDir;
    private int maxMessageBytes;
    private int rpcThreads;
    private int maxOpenCollections;
    private int searchCandidates;
    private int exactSearchMaxFaces;
    private int wideSearchCandidates;
    private int subjectCacheSize;
    private Duration shutdownGrace;
    private Path modelsDir;
    private int intraOpThreads;
    private int predictorsPerModel;
    private long maxImageBytes;
    private long maxImagePixels;
    private long faceCacheBytes;
    private Optional<Path> tlsCert;
    private Optional<Path> tlsKey;
    private Optional<Path> tlsClientCa;
    private AuthMode auth;
    private boolean insecure;
    private int metricsPort;
    private int maxQueuedCalls;
    private int pipelineConcurrency;
    private Duration pipelineWait;
    private GalleryBackend gallery;
    private List<URI> openSearchUrls;
    private Optional<Path> openSearchCa;
    private Optional<Path> openSearchCredentials;
    private Optional<LandmarkModel> landmarks;

    private Builder() {}

    public Builder host(String value) {
      this.host = value;
      return this;
    }

    public Builder port(int value) {
      this.port = value;
      return this;
    }

    public Builder dataDir(Path value) {
      this.dataDir = value;
      return this;
    }

    public Builder maxMessageBytes(int value) {
      this.maxMessageBytes = value;
      return this;
    }

    public Builder rpcThreads(int value) {
      this.rpcThreads = value;
      return this;
    }

    public Builder maxOpenCollections(int value) {
      this.maxOpenCollections = value;
      return this;
    }

    public Builder searchCandidates(int value) {
      this.searchCandidates = value;
      return this;
    }

    public Builder exactSearchMaxFaces(int value) {
      this.exactSearchMaxFaces = value;
      return this;
    }

    public Builder wideSearchCandidates(int value) {
      this.wideSearchCandidates = value;
      return this;
    }

    public Builder subjectCacheSize(int value) {
      this.subjectCacheSize = value;
      return this;
    }

    public Builder shutdownGrace(Duration value) {
      this.shutdownGrace = value;
      return this;
    }

    public Builder modelsDir(Path value) {
      this.modelsDir = value;
      return this;
    }

    public Builder intraOpThreads(int value) {
      this.intraOpThreads = value;
      return this;
    }

    public Builder predictorsPerModel(int value) {
      this.predictorsPerModel = value;
      return this;
    }

    public Builder maxImageBytes(long value) {
      this.maxImageBytes = value;
      return this;
    }

    public Builder maxImagePixels(long value) {
      this.maxImagePixels = value;
      return this;
    }

    public Builder faceCacheBytes(long value) {
      this.faceCacheBytes = value;
      return this;
    }

    public Builder tlsCert(Optional<Path> value) {
      this.tlsCert = value;
      return this;
    }

    public Builder tlsKey(Optional<Path> value) {
      this.tlsKey = value;
      return this;
    }

    public Builder tlsClientCa(Optional<Path> value) {
      this.tlsClientCa = value;
      return this;
    }

    public Builder auth(AuthMode value) {
      this.auth = value;
      return this;
    }

    public Builder insecure(boolean value) {
      this.insecure = value;
      return this;
    }

    public Builder metricsPort(int value) {
      this.metricsPort = value;
      return this;
    }

    public Builder maxQueuedCalls(int value) {
      this.maxQueuedCalls = value;
      return this;
    }

    public Builder pipelineConcurrency(int value) {
      this.pipelineConcurrency = value;
      return this;
    }

    public Builder pipelineWait(Duration value) {
      this.pipelineWait = value;
      return this;
    }

    public Builder gallery(GalleryBackend value) {
      this.gallery = value;
      return this;
    }

    public Builder openSearchUrls(List<URI> value) {
      this.openSearchUrls = value;
      return this;
    }

    public Builder openSearchCa(Optional<Path> value) {
      this.openSearchCa = value;
      return this;
    }

    public Builder openSearchCredentials(Optional<Path> value) {
      this.openSearchCredentials = value;
      return this;
    }

    public Builder landmarks(Optional<LandmarkModel> value) {
      this.landmarks = value;
      return this;
    }

    /** The settings; their constructor checks every value. */
    public ServerSettings build() {
      return new ServerSettings(
          host,
          port,
          dataDir,
          maxMessageBytes,
          rpcThreads,
          maxOpenCollections,
          searchCandidates,
          exactSearchMaxFaces,
          wideSearchCandidates,
          subjectCacheSize,
          shutdownGrace,
          modelsDir,
          intraOpThreads,
          predictorsPerModel,
          maxImageBytes,
          maxImagePixels,
          faceCacheBytes,
          tlsCert,
          tlsKey,
          tlsClientCa,
          auth,
          insecure,
          metricsPort,
          maxQueuedCalls,
          pipelineConcurrency,
          pipelineWait,
          gallery,
          openSearchUrls,
          openSearchCa,
          openSearchCredentials,
          landmarks);
    }
  }

  private static void checkRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be in [" + min + ", " + max + "], got " + value);
    }
  }
}
