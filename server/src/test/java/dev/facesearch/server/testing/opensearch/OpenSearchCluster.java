package dev.facesearch.server.testing.opensearch;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * A real OpenSearch cluster on loopback for tests: N nodes of the integ-test distribution with the
 * k-NN plugin, HTTP ports 9200+i, transport ports 9300+i, every node a cluster-manager candidate.
 *
 * <p>Each node has a 512 MB heap (about 0.8 GB resident). Nodes are processes stopped by PID in
 * {@link #close()}, and by a JVM shutdown hook if the tests never get there.
 */
public final class OpenSearchCluster implements AutoCloseable {
  private static final Logger logger = Logger.getLogger(OpenSearchCluster.class.getName());
  public static final int BASE_HTTP_PORT = 9200;
  public static final int BASE_TRANSPORT_PORT = 9300;
  private static final int HEAP_MEGABYTES = 512;
  private static final long STOP_GRACE_SECONDS = 30;

  private final List<OpenSearchNode> nodes;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Thread shutdownHook;
  private Duration formation = Duration.ZERO;

  private OpenSearchCluster(List<OpenSearchNode> nodes) {
    this.nodes = nodes;
    this.shutdownHook = new Thread(this::stopAllQuietly, "opensearch-test-cluster-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Whether the heavy OpenSearch tests are asked for: -Dfacesearch.opensearch=true or env. */
  public static boolean enabled() {
    return Boolean.getBoolean("facesearch.opensearch")
        || "1".equals(System.getenv("FACESEARCH_OPENSEARCH"))
        || "true".equalsIgnoreCase(System.getenv("FACESEARCH_OPENSEARCH"));
  }

  /**
   * Installs OpenSearch under {@code root}, starts {@code count} nodes and waits until they form a
   * green cluster.
   */
  public static OpenSearchCluster start(Path root, int count, Duration timeout)
      throws IOException, InterruptedException {
    return start(root, count, HEAP_MEGABYTES, timeout);
  }

  /** As {@link #start(Path, int, Duration)}, with this heap per node (the bench's larger runs). */
  public static OpenSearchCluster start(Path root, int count, int heapMegabytes, Duration timeout)
      throws IOException, InterruptedException {
    for (int i = 0; i < count; i++) {
      requireFree(BASE_HTTP_PORT + i);
      requireFree(BASE_TRANSPORT_PORT + i);
    }
    Path javaHome = Path.of(System.getProperty("java.home"));
    Path home = root.resolve("opensearch");
    long installStart = System.nanoTime();
    OpenSearchDistribution.install(home, javaHome);
    logger.info(
        "OpenSearch installed in " + (System.nanoTime() - installStart) / 1_000_000 + " ms");
    List<OpenSearchNode> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      OpenSearchNode node =
          new OpenSearchNode(i, home, root.resolve("node-" + i), javaHome, BASE_HTTP_PORT + i);
      node.configure("facesearch-test", count, BASE_HTTP_PORT, BASE_TRANSPORT_PORT, heapMegabytes);
      nodes.add(node);
    }
    if (OpenSearchNode.runningAsRoot()) {
      giveToNobody(root);
    }
    OpenSearchCluster cluster = new OpenSearchCluster(nodes);
    try {
      long start = System.nanoTime();
      for (OpenSearchNode node : nodes) {
        node.start();
      }
      cluster.awaitHealth("green", count, timeout);
      cluster.formation = Duration.ofNanos(System.nanoTime() - start);
      logger.info(count + "-node cluster formed in " + cluster.formation.toMillis() + " ms");
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The HTTP address of every node, e.g. for {@code --opensearch-url}. */
  public List<String> urls() {
    return nodes.stream().map(n -> "http://127.0.0.1:" + n.httpPort()).toList();
  }

  /** How long the nodes took from the first start to a green cluster. */
  public Duration formationTime() {
    return formation;
  }

  public int size() {
    return nodes.size();
  }

  /** Stops one node gracefully (SIGTERM by PID); its data folder stays. */
  public void stopNode(int index) throws InterruptedException {
    nodes.get(index).stop(STOP_GRACE_SECONDS);
  }

  /** Kills one node at once (SIGKILL by PID): a crash; its data folder stays. */
  public void killNode(int index) throws InterruptedException {
    nodes.get(index).kill();
  }

  /** Starts a stopped node again on its own data folder. */
  public void startNode(int index) throws IOException {
    nodes.get(index).start();
  }

  /** A node's data folder, where its copies of the shards keep their files. */
  public Path dataFolder(int index) {
    return nodes.get(index).dataFolder();
  }

  /** The PID of a node's process, or -1 if it is stopped. */
  public long pid(int index) {
    return nodes.get(index).pid();
  }

  /**
   * Waits until the cluster has {@code nodeCount} nodes and at least the given health ("yellow"
   * accepts green).
   */
  public JsonObject awaitHealth(String status, int nodeCount, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      for (OpenSearchNode node : nodes) {
        if (!node.alive()) {
          continue;
        }
        try {
          Response health =
              request(
                  node,
                  "GET",
                  "/_cluster/health?wait_for_status="
                      + status
                      + "&wait_for_nodes="
                      + nodeCount
                      + "&timeout=5s",
                  null);
          last = health.body();
          JsonObject json = JsonParser.parseString(health.body()).getAsJsonObject();
          if (health.status() == 200 && !json.get("timed_out").getAsBoolean()) {
            return json;
          }
          break;
        } catch (ConnectException e) {
          last = node.name() + ": " + e;
        } catch (IOException e) {
          last = node.name() + ": " + e;
        }
      }
      for (OpenSearchNode node : nodes) {
        if (node.pid() != -1 && !node.alive()) {
          throw new IllegalStateException(node.name() + " exited:\n" + node.logTail());
        }
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
    throw new IllegalStateException(
        "cluster not "
            + status
            + " with "
            + nodeCount
            + " nodes after "
            + timeout
            + "; last answer: "
            + last
            + "\n"
            + nodes.stream().map(OpenSearchNode::logTail).collect(Collectors.joining("\n---\n")));
  }

  /** A status and body. */
  public record Response(int status, String body) {}

  /** Sends a request to the first running node. */
  public Response request(String method, String path, String jsonBody) throws IOException {
    for (OpenSearchNode node : nodes) {
      if (node.alive()) {
        try {
          return request(node, method, path, jsonBody);
        } catch (ConnectException e) {
          // Starting or stopping: try the next one.
        }
      }
    }
    throw new IOException("no node of the cluster answers");
  }

  /** Sends a _bulk request (newline-delimited JSON) to the first running node. */
  public Response bulk(String ndjson) throws IOException {
    return request("POST", "/_bulk", ndjson);
  }

  private Response request(OpenSearchNode node, String method, String path, String jsonBody)
      throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
            .timeout(Duration.ofSeconds(60))
            .header(
                "Content-Type",
                path.startsWith("/_bulk") ? "application/x-ndjson" : "application/json")
            .method(
                method,
                jsonBody == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(jsonBody))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Deletes every index the server made, so the next test starts from an empty cluster. */
  public void wipe() throws IOException {
    Response response = request("DELETE", "/facesearch-*?expand_wildcards=all", null);
    if (response.status() != 200 && response.status() != 404) {
      throw new IOException("wipe failed: " + response);
    }
  }

  /** Stops every node by PID (SIGTERM, then SIGKILL after 30 s). */
  @Override
  public void close() {
    stopAllQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook is running or ran.
    }
  }

  private void stopAll() throws InterruptedException {
    // Stop all at once: each node waits for the others to leave otherwise.
    List<Thread> stoppers = new ArrayList<>();
    for (OpenSearchNode node : nodes) {
      stoppers.add(
          Thread.ofPlatform()
              .name("stop-" + node.name())
              .start(() -> {
                try {
                  node.stop(STOP_GRACE_SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }));
    }
    for (Thread stopper : stoppers) {
      stopper.join();
    }
  }

  private void stopAllQuietly() {
    try {
      stopAll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void requireFree(int port) throws IOException {
    try (ServerSocket socket =
        new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
    } catch (IOException e) {
      throw new IOException(
          "port " + port + " is taken: is another OpenSearch (or test cluster) running?", e);
    }
  }

  private static void giveToNobody(Path root) throws IOException, InterruptedException {
    Process chown =
        new ProcessBuilder(
                "chown", "-R", OpenSearchNode.NOBODY + ":" + OpenSearchNode.NOBODY, root.toString())
            .inheritIO()
            .start();
    if (chown.waitFor() != 0) {
      throw new IOException("chown of " + root + " failed");
    }
  }
}
