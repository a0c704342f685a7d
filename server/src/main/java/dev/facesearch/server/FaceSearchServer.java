package dev.facesearch.server;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.server.auth.AuthInterceptor;
import dev.facesearch.server.auth.ExposureRule;
import dev.facesearch.server.auth.KeyFile;
import dev.facesearch.server.auth.KeyRing;
import dev.facesearch.server.auth.ServerTls;
import dev.facesearch.server.config.AuthMode;
import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.core.Catalog;
import dev.facesearch.server.core.Recognizer;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.gallery.Gallery;
import dev.facesearch.server.gallery.lucene.LuceneGallery;
import dev.facesearch.server.gallery.opensearch.ClusterAccess;
import dev.facesearch.server.gallery.opensearch.OpenSearchGallery;
import dev.facesearch.server.grpc.Admission;
import dev.facesearch.server.grpc.CallObserver;
import dev.facesearch.server.grpc.ContextBudget;
import dev.facesearch.server.grpc.FaceSearchApi;
import dev.facesearch.server.grpc.RequestParsing;
import dev.facesearch.server.image.ImageDecoder;
import dev.facesearch.server.landmark.LandmarkModel;
import dev.facesearch.server.metrics.ServerMetrics;
import dev.facesearch.server.model.ModelRegistry;
import dev.facesearch.server.pipeline.FaceModels;
import dev.facesearch.server.pipeline.FacePipeline;
import dev.facesearch.server.pipeline.PipelineGate;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The composition root: builds the gallery, the domain core and the gRPC services from the
 * settings, and owns their lifecycle.
 *
 * <p>Besides facesearch.v1.FaceSearch, the server offers the standard health service
 * (grpc.health.v1) and server reflection (v1 and v1alpha), so that generic tools such as grpcurl
 * and load balancers can talk to it without the proto file.
 */
public final class FaceSearchServer implements AutoCloseable {
  private static final Logger logger = Logger.getLogger(FaceSearchServer.class.getName());

  /**
   * gRPC's HTTP/2 frame logger: at FINE it prints every header (API keys) and a hex dump of every
   * message (images, embeddings). It is held at INFO whatever the configuration, and held here,
   * because the log manager forgets the level of a logger nobody references.
   */
  private static final Logger FRAME_LOGGER =
      Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler");

  private final Server server;
  private final Gallery gallery;
  private final ModelRegistry models;
  private final FaceModels faceModels;
  private final FacePipeline pipeline;
  private final HealthStatusManager health;
  private final Calls calls;
  private final ServerSettings settings;
  private final AtomicBoolean closing = new AtomicBoolean();

  /** What runs and watches the calls: closed after the server, in reverse order. */
  private record Calls(
      ExecutorService dispatch, Admission admission, ServerMetrics metrics, int metricsPort) {
    void close() {
      // The last calls' completions (their access log lines, their metrics) may still be queued.
      admission.workers().shutdown();
      dispatch.shutdown();
      try {
        admission.workers().awaitTermination(5, TimeUnit.SECONDS);
        dispatch.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        admission.workers().shutdownNow();
        dispatch.shutdownNow();
        metrics.close();
      }
    }
  }

  private FaceSearchServer(
      Server server,
      Gallery gallery,
      ModelRegistry models,
      FaceModels faceModels,
      FacePipeline pipeline,
      HealthStatusManager health,
      Calls calls,
      ServerSettings settings) {
    this.server = server;
    this.gallery = gallery;
    this.models = models;
    this.faceModels = faceModels;
    this.pipeline = pipeline;
    this.health = health;
    this.calls = calls;
    this.settings = settings;
  }

  /**
   * Starts a server on the settings' host and port, with TLS if they name a certificate.
   *
   * @throws IllegalStateException if the host is not loopback and the server would have neither TLS
   *     nor API keys, and the settings do not say insecure
   */
  public static FaceSearchServer start(ServerSettings settings) throws IOException {
    ExposureRule.check(
        settings,
        settings.auth() == AuthMode.REQUIRED
            || (settings.auth() == AuthMode.AUTO
                && new KeyFile(settings.dataDir(), Clock.systemUTC()).exists()));
    return start(
        settings,
        NettyServerBuilder.forAddress(
            new InetSocketAddress(settings.host(), settings.port()),
            ServerTls.credentials(settings)));
  }

  /** Starts a server on the given builder; tests pass an in-process one. */
  public static FaceSearchServer start(ServerSettings settings, ServerBuilder<?> builder)
      throws IOException {
    FRAME_LOGGER.setLevel(Level.INFO);
    // Models load on first use; opening only reads and checks models.json.
    ModelRegistry models = ModelRegistry.open(settings.modelsDir(), settings.intraOpThreads());
    FaceModels faceModels =
        new FaceModels(models, settings.predictorsPerModel(), settings.landmarks());
    DetectionSettings defaults = faceModels.defaults();
    if (defaults.detector() == DetectorKind.DLIB_HOG) {
      logger.info(
          "faces found by dlib's HOG detector, landmarks by "
              + (defaults.landmarks() == LandmarkModel.DLIB
                  ? "dlib's shape predictor (its model's licence excludes commercial use:"
                      + " --landmark-model face-api for commercial use)"
                  : "face-api's net")
              + ", unless a collection or request says otherwise");
    } else {
      logger.warning(
          "dlib's models are not built: faces are found by SSD MobileNet v1 and landmarked by"
              + " face-api's net; ./facesearch models builds dlib's from Debian's libdlib-dev and"
              + " libdlib-data");
    }
    FacePipeline pipeline =
        new FacePipeline(
            new ImageDecoder(settings.maxImageBytes(), settings.maxImagePixels()),
            faceModels,
            settings.faceCacheBytes(),
            new PipelineGate(
                settings.pipelineConcurrency(), settings.pipelineWait(), ContextBudget.SOURCE));
    Gallery gallery = openGallery(settings);
    ServerMetrics metrics =
        new ServerMetrics(pipeline.stats(), () -> cacheStats(pipeline, gallery), gallery);
    Admission admission =
        new Admission(
            Set.of(FaceSearchGrpc.SERVICE_NAME),
            settings.rpcThreads(),
            settings.maxQueuedCalls(),
            metrics);
    // Finds each call's method and decides its admission; runs health and reflection calls.
    ExecutorService dispatch =
        Executors.newFixedThreadPool(
            2, Thread.ofPlatform().name("facesearch-dispatch-", 0).factory());
    Calls calls = new Calls(dispatch, admission, metrics, -1);
    try {
      if (settings.metricsPort() >= 0) {
        calls =
            new Calls(
                dispatch,
                admission,
                metrics,
                metrics.serve(settings.host(), settings.metricsPort()));
      }
      HealthStatusManager health = new HealthStatusManager();
      Server server =
          builder
              .executor(dispatch)
              .callExecutor(admission)
              // The last added runs first: the observer sees refused calls too.
              .intercept(admission)
              .intercept(new CallObserver(metrics))
              .maxInboundMessageSize(settings.maxMessageBytes())
              // Requests parsed inside the call, so a malformed one is INVALID_ARGUMENT; outside
              // the key check, which reads parsed requests (and checks the key before any is read).
              .addService(
                  RequestParsing.insideCalls(
                      withAccessControl(
                          settings,
                          FaceSearchApi.service(
                              new Catalog(gallery, Clock.systemUTC()),
                              new Recognizer(gallery, pipeline, ContextBudget.SOURCE)))))
              .addService(health.getHealthService())
              .addService(ProtoReflectionServiceV1.newInstance())
              .addService(reflectionV1Alpha())
              .build()
              .start();
      health.setStatus("", ServingStatus.SERVING);
      health.setStatus(FaceSearchGrpc.SERVICE_NAME, ServingStatus.SERVING);
      return new FaceSearchServer(
          server, gallery, models, faceModels, pipeline, health, calls, settings);
    } catch (IOException | RuntimeException e) {
      calls.close();
      gallery.close();
      faceModels.close();
      models.close();
      throw e;
    }
  }

  /** The gallery the settings choose; nothing above it knows which. */
  private static Gallery openGallery(ServerSettings settings) throws IOException {
    return switch (settings.gallery()) {
      case LUCENE -> LuceneGallery.open(settings, Clock.systemUTC());
      case OPENSEARCH ->
          OpenSearchGallery.connect(
              ClusterAccess.of(settings), settings.searchCandidates(), Clock.systemUTC());
    };
  }

  /** The service behind the API key check, unless the settings turn keys off. */
  private static ServerServiceDefinition withAccessControl(
      ServerSettings settings, BindableService service) {
    if (settings.auth() == AuthMode.OFF) {
      return service.bindService();
    }
    KeyRing keys =
        new KeyRing(new KeyFile(settings.dataDir(), Clock.systemUTC()), Duration.ofSeconds(1));
    return ServerInterceptors.intercept(service, new AuthInterceptor(keys, settings.auth()));
  }

  private static Map<String, CacheStats> cacheStats(FacePipeline pipeline, Gallery gallery) {
    Map<String, CacheStats> caches = new TreeMap<>(gallery.cacheStats());
    caches.put("faces", pipeline.cacheStats());
    return caches;
  }

  /** Older clients (grpcurl before 1.8.8, some grpcio tools) only speak reflection v1alpha. */
  @SuppressWarnings("deprecation")
  private static io.grpc.BindableService reflectionV1Alpha() {
    return ProtoReflectionService.newInstance();
  }

  /** Per-stage latency of the image pipeline, for benchmarks and metrics. */
  public FacePipeline pipeline() {
    return pipeline;
  }

  /** The port the server listens on, useful when the settings asked for port 0. */
  public int port() {
    return server.getPort();
  }

  /** The port of the metrics endpoint, or -1 if it is off. */
  public int metricsPort() {
    return calls.metricsPort();
  }

  /** Calls admitted and not yet ended, running or waiting. */
  public int callsInFlight() {
    return calls.admission().inFlight();
  }

  /** Blocks until the server has shut down. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /**
   * Stops taking calls, lets the calls in flight finish (up to the shutdown grace), waits for the
   * threads that ran them, then closes the gallery and the models. Interrupting it cancels the
   * calls still running. Closing again does nothing.
   */
  @Override
  public void close() throws IOException {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    // First, so load balancers watching health stop sending calls.
    health.enterTerminalState();
    server.shutdown();
    boolean idle = false;
    try {
      long graceMillis = settings.shutdownGrace().toMillis();
      if (!server.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
        logger.warning("calls still running after " + graceMillis + " ms; cancelling them");
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
      idle = awaitCallThreads(graceMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    } finally {
      calls.close();
      gallery.close();
      if (idle) {
        faceModels.close();
        models.close();
      } else {
        // Closing an ONNX session while a thread runs it crashes the JVM in native code.
        logger.warning("calls still running a model; leaving the models open");
      }
    }
  }

  /**
   * Waits for the threads that run calls to finish. The server counts a call as over when its
   * client cancels it or its deadline passes, but the thread running it goes on to the end of the
   * model it is in, so the server's termination alone does not make the models free to close.
   */
  private boolean awaitCallThreads(long graceMillis) throws InterruptedException {
    ExecutorService workers = calls.admission().workers();
    workers.shutdown();
    if (workers.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
      return true;
    }
    workers.shutdownNow();
    return workers.awaitTermination(5, TimeUnit.SECONDS);
  }
}
