package dev.facesearch.server.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.FaceSearchServer;
import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.testing.TestServer;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule that keeps an unprotected server off the network. */
class ExposureRuleTest {
  private static final ServerSettings WILDCARD =
      ServerSettings.defaults().toBuilder().host("0.0.0.0").build();

  @Test
  void loopback_recognised() {
    assertTrue(ExposureRule.loopback("localhost"));
    assertTrue(ExposureRule.loopback("127.0.0.1"));
    assertTrue(ExposureRule.loopback("::1"));
    assertFalse(ExposureRule.loopback("0.0.0.0"));
  }

  @Test
  void wildcard_withoutTlsOrKeys_refusedUnlessInsecure() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> ExposureRule.check(WILDCARD, false));
    assertTrue(e.getMessage().contains("--insecure"), e.getMessage());
    assertDoesNotThrow(() -> ExposureRule.check(WILDCARD, true));
    assertDoesNotThrow(
        () -> ExposureRule.check(WILDCARD.toBuilder().insecure(true).build(), false));
    assertDoesNotThrow(() ->
        ExposureRule.check(
            WILDCARD.toBuilder()
                .tlsCert(Optional.of(Path.of("c.pem")))
                .tlsKey(Optional.of(Path.of("k.pem")))
                .build(),
            false));
    assertDoesNotThrow(() -> ExposureRule.check(ServerSettings.defaults(), false));
  }

  @Test
  void serverStart_onWildcardWithoutKeys_refusedBeforeListening(@TempDir Path data) {
    ServerSettings settings = TestServer.settings(data).toBuilder().host("0.0.0.0").port(0).build();
    assertThrows(IllegalStateException.class, () -> FaceSearchServer.start(settings));
  }
}
