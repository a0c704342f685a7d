package dev.facesearch.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.FaceSearchServer;
import dev.facesearch.server.auth.KeyFile;
import dev.facesearch.server.auth.Scope;
import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.testing.SelfSignedCert;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against a server that wants TLS and an API key. */
class SecureConnectionTest {
  @TempDir Path data;
  @TempDir Path certs;

  @Test
  void tlsAndApiKey_needed_andEnough() throws Exception {
    SelfSignedCert cert = SelfSignedCert.create(certs, "server");
    String key =
        new KeyFile(data, Clock.systemUTC()).create("cli", List.of(Scope.parse("read:*"))).token();
    ServerSettings settings =
        ServerSettings.defaults().withMetricsPort(-1).toBuilder()
            .dataDir(data)
            .port(0)
            .tlsCert(Optional.of(cert.cert()))
            .tlsKey(Optional.of(cert.key()))
            .build();
    try (FaceSearchServer server = FaceSearchServer.start(settings)) {
      String ca = cert.cert().toString();
      CliRun.Result ok =
          CliRun.run(server.port(), "--ca-cert", ca, "--api-key", key, "collections", "list");
      assertEquals(0, ok.status(), ok.toString());

      CliRun.Result noKey = CliRun.run(server.port(), "--ca-cert", ca, "collections", "list");
      assertEquals(ExitCode.REFUSED, noKey.status(), noKey.toString());
      assertTrue(noKey.err().contains("UNAUTHENTICATED"), noKey.err());

      CliRun.Result plaintext = CliRun.run(server.port(), "--api-key", key, "collections", "list");
      assertEquals(ExitCode.UNREACHABLE, plaintext.status(), plaintext.toString());
    }
  }
}
