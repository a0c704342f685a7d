package dev.facesearch.server.gallery.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.facesearch.server.config.GalleryBackend;
import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.core.UnavailableException;
import dev.facesearch.server.testing.SelfSignedCert;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reaching a cluster behind TLS and HTTP basic authentication, as the OpenSearch security plugin
 * serves it. The test cluster has no security plugin (none is on Maven Central), so an HTTPS
 * endpoint of the JDK stands in for a node here: it checks what the server's client sends.
 */
class ClusterAccessTest {
  private static final String USER_PASSWORD = "facesearch:s3cret:with-colon";

  @TempDir Path dir;
  private HttpsServer node;
  private SelfSignedCert nodeCert;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startNode() throws Exception {
    nodeCert = SelfSignedCert.create(dir, "node");
    node = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    node.setHttpsConfigurator(new HttpsConfigurator(nodeCert.serverContext()));
    String expected =
        "Basic "
            + Base64.getEncoder().encodeToString(USER_PASSWORD.getBytes(StandardCharsets.UTF_8));
    node.createContext(
        "/",
        exchange -> {
          String authorization = exchange.getRequestHeaders().getFirst("Authorization");
          authorizations.add(String.valueOf(authorization));
          boolean allowed = expected.equals(authorization);
          byte[] body =
              (allowed
                      ? "{\"version\":{\"number\":\"3.5.0\"}}"
                      : "{\"error\":{\"type\":\"security_exception\"},\"status\":401}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(allowed ? 200 : 401, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    node.start();
  }

  @AfterEach
  void stopNode() {
    node.stop(0);
  }

  private URI nodeUrl() {
    return URI.create("https://127.0.0.1:" + node.getAddress().getPort());
  }

  private Path credentials(String content) throws IOException {
    Path file = dir.resolve("credentials");
    Files.writeString(file, content);
    return file;
  }

  private static OpenSearchClient client(ClusterAccess access) throws IOException {
    return new OpenSearchClient(
        access.nodes(), Duration.ofSeconds(10), access.sslContext(), access.authorization());
  }

  @Test
  void trustedAuthorityAndCredentials_reachTheNodeOverTls() throws IOException {
    ClusterAccess access =
        new ClusterAccess(
            List.of(nodeUrl()),
            Optional.of(nodeCert.cert()),
            Optional.of(credentials(USER_PASSWORD + "\n")));
    try (OpenSearchClient client = client(access)) {
      OpenSearchClient.Reply reply = client.send("GET", "/", null);
      assertEquals(200, reply.status());
      assertEquals("3.5.0", reply.body().getAsJsonObject("version").get("number").getAsString());
    }
    assertEquals(1, authorizations.size());
    assertTrue(authorizations.getFirst().startsWith("Basic "));
  }

  @Test
  void noCredentials_areRefusedByTheNode() throws IOException {
    ClusterAccess access =
        new ClusterAccess(List.of(nodeUrl()), Optional.of(nodeCert.cert()), Optional.empty());
    try (OpenSearchClient client = client(access)) {
      OpenSearchClient.Reply reply = client.send("GET", "/", null);
      assertEquals(401, reply.status());
      assertTrue(
          OpenSearchClient.failure("c", "be read", reply) instanceof UnavailableException,
          "a refused login is the cluster being unavailable to this server");
    }
    assertEquals(List.of("null"), authorizations);
  }

  @Test
  void untrustedCertificate_failsBeforeAnyCredentialIsSent() throws Exception {
    SelfSignedCert other = SelfSignedCert.create(dir, "other");
    for (Optional<Path> trusted : List.of(Optional.<Path>empty(), Optional.of(other.cert()))) {
      ClusterAccess access =
          new ClusterAccess(List.of(nodeUrl()), trusted, Optional.of(credentials(USER_PASSWORD)));
      try (OpenSearchClient client = client(access)) {
        assertThrows(UnavailableException.class, () -> client.send("GET", "/", null));
      }
    }
    assertEquals(List.of(), authorizations, "credentials reached an untrusted node");
  }

  @Test
  void malformedFiles_areReportedWithTheirPath() throws IOException {
    Path noColon = credentials("just-a-user\n");
    IOException credentials =
        assertThrows(
            IOException.class,
            () ->
                new ClusterAccess(List.of(nodeUrl()), Optional.empty(), Optional.of(noColon))
                    .authorization());
    assertTrue(credentials.getMessage().contains(noColon.toString()), credentials.getMessage());

    Path notPem = dir.resolve("ca.pem");
    Files.writeString(notPem, "not a certificate\n");
    IOException ca =
        assertThrows(
            IOException.class,
            () ->
                new ClusterAccess(List.of(nodeUrl()), Optional.of(notPem), Optional.empty())
                    .sslContext());
    assertTrue(ca.getMessage().contains(notPem.toString()), ca.getMessage());
  }

  @Test
  void credentials_needHttpsAddresses() throws IOException {
    Path file = credentials(USER_PASSWORD);
    ServerSettings.Builder settings =
        ServerSettings.defaults().toBuilder()
            .gallery(GalleryBackend.OPENSEARCH)
            .openSearchUrls(List.of(URI.create("http://10.0.0.1:9200"), nodeUrl()))
            .openSearchCredentials(Optional.of(file));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, settings::build);
    assertTrue(e.getMessage().contains("https"), e.getMessage());

    ServerSettings ok = settings.openSearchUrls(List.of(nodeUrl())).build();
    assertEquals(Optional.of(file), ClusterAccess.of(ok).credentials());
  }
}
