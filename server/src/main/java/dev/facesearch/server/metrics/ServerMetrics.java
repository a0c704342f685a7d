package dev.facesearch.server.metrics;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.facesearch.server.gallery.CollectionStats;
import dev.facesearch.server.gallery.Gallery;
import dev.facesearch.server.pipeline.PipelineStats;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The server's metrics, in one registry of its own, served as Prometheus text by {@link #serve}.
 *
 * <p>Calls are counted as they end ({@link #callEnded}); everything else (pipeline stages, caches,
 * gallery sizes, calls in flight) is read from its owner at scrape time, so each number has one
 * source of truth and costs nothing between scrapes.
 */
public final class ServerMetrics implements AutoCloseable {
  /** Latency buckets of calls, in seconds: from a cached lookup to a large photo on a busy CPU. */
  private static final double[] CALL_SECONDS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30
  };

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter calls;
  private final Histogram callSeconds;
  private final Counter rejected;
  private volatile HTTPServer http;

  /**
   * @param pipeline the image pipeline's stage timings
   * @param caches every cache's statistics by cache name, read at each scrape
   * @param gallery the gallery, for the sizes of its open collections
   */
  public ServerMetrics(
      PipelineStats pipeline, Supplier<Map<String, CacheStats>> caches, Gallery gallery) {
    calls =
        Counter.builder()
            .name("facesearch_rpc_requests_total")
            .help("Calls that ended, by method and status code")
            .labelNames("method", "code")
            .register(registry);
    callSeconds =
        Histogram.builder()
            .name("facesearch_rpc_duration_seconds")
            .help("Time from a call's start to its status, by method and status code")
            .labelNames("method", "code")
            .classicOnly()
            .classicUpperBounds(CALL_SECONDS)
            .register(registry);
    rejected =
        Counter.builder()
            .name("facesearch_rpc_rejected_total")
            .help("Calls refused unstarted because the server was at capacity, by method")
            .labelNames("method")
            .register(registry);
    registry.register(new StageHistograms(pipeline));
    cacheCounter(caches, "facesearch_cache_hits_total", "Cache hits", CacheStats::hitCount);
    cacheCounter(caches, "facesearch_cache_misses_total", "Cache misses", CacheStats::missCount);
    cacheCounter(
        caches, "facesearch_cache_evictions_total", "Cache evictions", CacheStats::evictionCount);
    collectionGauge(
        gallery,
        "facesearch_gallery_faces",
        "Faces enrolled in an open collection",
        s -> s.faces());
    collectionGauge(
        gallery,
        "facesearch_gallery_subjects",
        "Subjects with a face in an open collection",
        s -> s.subjects());
    collectionGauge(
        gallery,
        "facesearch_gallery_size_bytes",
        "Bytes on disk of an open collection",
        s -> s.sizeBytes());
    collectionGauge(
        gallery,
        "facesearch_gallery_segments",
        "Index segments of an open collection, each a graph that every Identify searches"
            + " (OpenSearch: of its primaries)",
        s -> s.segments());
    GaugeWithCallback.builder()
        .name("facesearch_gallery_purges_pending")
        .help(
            "Collections whose deleted faces are not yet purged from disk (OpenSearch: waiting"
                + " for the copies' retention leases; always 0 for the embedded gallery)")
        .callback(callback -> callback.call(gallery.pendingPurges()))
        .register(registry);
  }

  private void cacheCounter(
      Supplier<Map<String, CacheStats>> caches,
      String name,
      String help,
      ToDoubleFunction<CacheStats> value) {
    CounterWithCallback.builder()
        .name(name)
        .help(help + " by cache (faces: pipeline results; subjects; collections: open indexes)")
        .labelNames("cache")
        .callback(callback ->
            caches
                .get()
                .forEach((cache, stats) -> callback.call(value.applyAsDouble(stats), cache)))
        .register(registry);
  }

  private void collectionGauge(
      Gallery gallery, String name, String help, ToDoubleFunction<CollectionStats> value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help + " (collections not open are not reported)")
        .labelNames("collection")
        .callback(callback ->
            gallery
                .openCollectionStats()
                .forEach(
                    (collection, stats) -> callback.call(value.applyAsDouble(stats), collection)))
        .register(registry);
  }

  /** Watches the admission of calls: how many are in the server, and how many run. */
  public void watchCalls(IntSupplier inFlight, IntSupplier running) {
    GaugeWithCallback.builder()
        .name("facesearch_rpc_in_flight")
        .help("Calls admitted and not yet ended, running or waiting for a thread")
        .callback(callback -> callback.call(inFlight.getAsInt()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("facesearch_rpc_running")
        .help("Calls running on a thread")
        .callback(callback -> callback.call(running.getAsInt()))
        .register(registry);
  }

  /** Counts a call that ended with this status code after this long. */
  public void callEnded(String method, String code, long nanos) {
    calls.labelValues(method, code).inc();
    callSeconds.labelValues(method, code).observe(nanos / 1e9);
  }

  /** Counts a call refused because the server was at capacity. */
  public void callRejected(String method) {
    rejected.labelValues(method).inc();
  }

  /**
   * Serves the metrics over HTTP at {@code /metrics} on this address.
   *
   * @param port a TCP port, or 0 for a free one
   * @return the port it listens on
   */
  public int serve(String host, int port) throws IOException {
    HTTPServer server =
        HTTPServer.builder().hostname(host).port(port).registry(registry).buildAndStart();
    http = server;
    return server.getPort();
  }

  @Override
  public void close() {
    HTTPServer server = http;
    if (server != null) {
      server.close();
    }
  }
}
