package dev.facesearch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.facesearch.server.config.AuthMode;
import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.landmark.LandmarkModel;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The flags of {@code serve} reach the settings. */
class ServeOptionsTest {
  private static ServerSettings parse(String... args) {
    Main.Serve serve = new Main.Serve();
    new CommandLine(serve).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    return serve.settings();
  }

  @Test
  void noFlags_plaintextAutoAuth() {
    // Holds only where the environment sets none of the variables, as in the build.
    ServerSettings settings = parse();
    assertFalse(settings.tls());
    assertEquals(Optional.empty(), settings.tlsClientCa());
    assertEquals(AuthMode.AUTO, settings.auth());
    assertFalse(settings.insecure());
  }

  @Test
  void securityFlags_reachSettings() {
    ServerSettings settings =
        parse(
            "--tls-cert",
            "c.pem",
            "--tls-key",
            "k.pem",
            "--tls-client-ca",
            "ca.pem",
            "--auth",
            "REQUIRED",
            "--insecure");
    assertEquals(Optional.of(Path.of("c.pem")), settings.tlsCert());
    assertEquals(Optional.of(Path.of("k.pem")), settings.tlsKey());
    assertEquals(Optional.of(Path.of("ca.pem")), settings.tlsClientCa());
    assertEquals(AuthMode.REQUIRED, settings.auth());
    assertEquals(true, settings.insecure());
  }

  @Test
  void landmarkModel_autoByDefault_elseTheOperatorsChoice() {
    assertEquals(Optional.empty(), parse().landmarks());
    assertEquals(
        Optional.of(LandmarkModel.FACE_API), parse("--landmark-model", "face-api").landmarks());
    assertEquals(Optional.of(LandmarkModel.DLIB), parse("--landmark-model", "DLIB").landmarks());
    assertThrows(IllegalArgumentException.class, () -> parse("--landmark-model", "best"));
  }

  @Test
  void unknownAuthMode_usageError() {
    assertNotEquals(0, new CommandLine(new Main.Serve()).execute("--auth", "maybe"));
  }
}
