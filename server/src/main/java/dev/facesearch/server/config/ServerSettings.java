package dev.facesearch.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

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
 * @param subjectCacheSize subjects per collection whose faces are cached for GetSubject
 * @param shutdownGrace how long shutdown waits for calls in flight
 * @param modelsDir folder with the ONNX models and models.json ({@code facesearch models})
 * @param intraOpThreads threads one ONNX Runtime inference may use
 * @param predictorsPerModel most concurrent inferences per model
 * @param maxImageBytes largest encoded image accepted
 * @param maxImagePixels largest image accepted, in pixels, checked from its header before decoding
 * @param faceCacheBytes bound on the cache of pipeline results (faces and embeddings per image)
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
    int subjectCacheSize,
    Duration shutdownGrace,
    Path modelsDir,
    int intraOpThreads,
    int predictorsPerModel,
    long maxImageBytes,
    long maxImagePixels,
    long faceCacheBytes) {

  public static final String DEFAULT_HOST = "localhost";
  public static final int DEFAULT_PORT = 50051;
  public static final String DEFAULT_DATA_DIR = "data";
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
  public static final int DEFAULT_RPC_THREADS = 16;
  public static final int DEFAULT_MAX_OPEN_COLLECTIONS = 64;
  public static final int DEFAULT_SEARCH_CANDIDATES = 100;
  public static final int DEFAULT_EXACT_SEARCH_MAX_FACES = 10_000;
  public static final int DEFAULT_SUBJECT_CACHE_SIZE = 10_000;
  public static final int DEFAULT_SHUTDOWN_GRACE_SECONDS = 30;
  public static final String DEFAULT_MODELS_DIR = "models/target/onnx";
  public static final int DEFAULT_INTRA_OP_THREADS = 1;
  public static final int DEFAULT_PREDICTORS_PER_MODEL = 4;
  public static final long DEFAULT_MAX_IMAGE_BYTES = 20L * 1024 * 1024;
  public static final long DEFAULT_MAX_IMAGE_PIXELS = 40_000_000L;
  public static final long DEFAULT_FACE_CACHE_BYTES = 64L * 1024 * 1024;

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
    checkRange("subject cache size", subjectCacheSize, 0, Integer.MAX_VALUE);
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
        DEFAULT_SUBJECT_CACHE_SIZE,
        Duration.ofSeconds(DEFAULT_SHUTDOWN_GRACE_SECONDS),
        Path.of(DEFAULT_MODELS_DIR),
        DEFAULT_INTRA_OP_THREADS,
        DEFAULT_PREDICTORS_PER_MODEL,
        DEFAULT_MAX_IMAGE_BYTES,
        DEFAULT_MAX_IMAGE_PIXELS,
        DEFAULT_FACE_CACHE_BYTES);
  }

  /** These settings with another data folder. */
  public ServerSettings withDataDir(Path dir) {
    return new ServerSettings(
        host,
        port,
        dir,
        maxMessageBytes,
        rpcThreads,
        maxOpenCollections,
        searchCandidates,
        exactSearchMaxFaces,
        subjectCacheSize,
        shutdownGrace,
        modelsDir,
        intraOpThreads,
        predictorsPerModel,
        maxImageBytes,
        maxImagePixels,
        faceCacheBytes);
  }

  /** These settings with another port. */
  public ServerSettings withPort(int newPort) {
    return new ServerSettings(
        host,
        newPort,
        dataDir,
        maxMessageBytes,
        rpcThreads,
        maxOpenCollections,
        searchCandidates,
        exactSearchMaxFaces,
        subjectCacheSize,
        shutdownGrace,
        modelsDir,
        intraOpThreads,
        predictorsPerModel,
        maxImageBytes,
        maxImagePixels,
        faceCacheBytes);
  }

  /** These settings with another models folder. */
  public ServerSettings withModelsDir(Path dir) {
    return new ServerSettings(
        host,
        port,
        dataDir,
        maxMessageBytes,
        rpcThreads,
        maxOpenCollections,
        searchCandidates,
        exactSearchMaxFaces,
        subjectCacheSize,
        shutdownGrace,
        dir,
        intraOpThreads,
        predictorsPerModel,
        maxImageBytes,
        maxImagePixels,
        faceCacheBytes);
  }

  /** These settings with another exact-search limit (0 sends every search through HNSW). */
  public ServerSettings withExactSearchMaxFaces(int faces) {
    return new ServerSettings(
        host,
        port,
        dataDir,
        maxMessageBytes,
        rpcThreads,
        maxOpenCollections,
        searchCandidates,
        faces,
        subjectCacheSize,
        shutdownGrace,
        modelsDir,
        intraOpThreads,
        predictorsPerModel,
        maxImageBytes,
        maxImagePixels,
        faceCacheBytes);
  }

  private static void checkRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be in [" + min + ", " + max + "], got " + value);
    }
  }
}
