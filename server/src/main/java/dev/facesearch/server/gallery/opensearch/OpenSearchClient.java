package dev.facesearch.server.gallery.opensearch;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.facesearch.server.core.NotFoundException;
import dev.facesearch.server.core.UnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;

/**
 * A small JSON-over-HTTP client for an OpenSearch cluster, on the JDK's HTTP client.
 *
 * <p>Requests go round-robin over the configured nodes; a node that cannot be reached is skipped,
 * so the gallery keeps working while one node is down. Any node can serve any request: it forwards
 * to the shards' nodes itself.
 */
final class OpenSearchClient implements AutoCloseable {
  private static final Logger logger = Logger.getLogger(OpenSearchClient.class.getName());
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final List<URI> nodes;
  private final Duration requestTimeout;
  private final ExecutorService executor;
  private final HttpClient http;
  private final AtomicInteger next = new AtomicInteger();

  /** The Authorization header sent with every request, if the cluster wants credentials. */
  private final Optional<String> authorization;

  OpenSearchClient(
      List<URI> nodes, Duration requestTimeout, SSLContext tls, Optional<String> authorization) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("no OpenSearch node given");
    }
    this.nodes = List.copyOf(nodes);
    this.requestTimeout = requestTimeout;
    this.authorization = authorization;
    this.executor =
        Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("facesearch-opensearch-", 0).factory());
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .sslContext(tls)
            .executor(executor)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /**
   * A status and a JSON body.
   *
   * @param status the HTTP status
   * @param body the parsed body; empty for a body that is not a JSON object
   */
  record Reply(int status, JsonObject body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The error type OpenSearch reported, e.g. "index_not_found_exception", or "". */
    String errorType() {
      if (body.has("error") && body.get("error").isJsonObject()) {
        JsonObject error = body.getAsJsonObject("error");
        return error.has("type") ? error.get("type").getAsString() : "";
      }
      return "";
    }
  }

  /** Sends a JSON request to one reachable node. */
  Reply send(String method, String path, String body) {
    return send(method, path, body, "application/json");
  }

  /** Sends newline-delimited JSON (_bulk). */
  Reply sendNdjson(String path, String body) {
    return send("POST", path, body, "application/x-ndjson");
  }

  private Reply send(String method, String path, String body, String contentType) {
    IOException last = null;
    int first = Math.floorMod(next.getAndIncrement(), nodes.size());
    for (int attempt = 0; attempt < nodes.size(); attempt++) {
      URI node = nodes.get((first + attempt) % nodes.size());
      HttpRequest.Builder request =
          HttpRequest.newBuilder(node.resolve(path))
              .timeout(requestTimeout)
              .header("Content-Type", contentType)
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      authorization.ifPresent(value -> request.header("Authorization", value));
      try {
        HttpResponse<String> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), parse(response.body()));
      } catch (IOException e) {
        // Unreachable or timed out: another node may answer. Writes are idempotent (face ids are
        // document ids), so sending one again is safe.
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UnavailableException("interrupted while OpenSearch answered", e);
      }
    }
    logger.log(Level.WARNING, "no OpenSearch node answered " + method + " " + path, last);
    throw new UnavailableException("the OpenSearch cluster cannot be reached", last);
  }

  private static JsonObject parse(String body) {
    if (body == null || body.isBlank()) {
      return new JsonObject();
    }
    try {
      var element = JsonParser.parseString(body);
      return element.isJsonObject() ? element.getAsJsonObject() : new JsonObject();
    } catch (JsonParseException e) {
      return new JsonObject();
    }
  }

  /**
   * Throws the domain exception for a failed reply: NotFoundException when the collection's index
   * does not exist, UnavailableException for anything else (the cause goes to the log).
   */
  static RuntimeException failure(String collection, String action, Reply reply) {
    if (reply.status() == 404 && reply.errorType().equals("index_not_found_exception")) {
      return new NotFoundException("collection '" + collection + "' does not exist");
    }
    if (reply.status() == 401 || reply.status() == 403) {
      logger.warning(
          "OpenSearch refused the server's credentials or their permissions ("
              + reply.status()
              + "): check --opensearch-credentials and the user's roles");
    }
    logger.warning(
        "collection '"
            + collection
            + "': "
            + action
            + " failed: "
            + reply.status()
            + " "
            + reply.body());
    return new UnavailableException(
        "collection '"
            + collection
            + "' could not "
            + action
            + " (OpenSearch answered "
            + reply.status()
            + ")");
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
