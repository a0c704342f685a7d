package dev.facesearch.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.api.v1.ListCollectionsRequest;
import dev.facesearch.server.FaceSearchServer;
import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.testing.SelfSignedCert;
import dev.facesearch.server.testing.TestServer;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS on a real port: TLS clients that trust the certificate get in, others do not. */
class TlsTest {
  @TempDir static Path dir;

  private static SelfSignedCert serverCert;
  private static SelfSignedCert clientCert;

  @BeforeAll
  static void certificates() throws Exception {
    serverCert = SelfSignedCert.create(dir, "server");
    clientCert = SelfSignedCert.create(dir, "client");
  }

  private static int listCollections(int port, ChannelCredentials credentials) {
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress("localhost", port, credentials).build();
    try {
      return FaceSearchGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .listCollections(ListCollectionsRequest.getDefaultInstance())
          .getCollectionsCount();
    } finally {
      channel.shutdownNow();
    }
  }

  private static ChannelCredentials trusting() throws Exception {
    return TlsChannelCredentials.newBuilder().trustManager(serverCert.cert().toFile()).build();
  }

  private ServerSettings settings(Path data) {
    return TestServer.settings(data).toBuilder()
        .port(0)
        .tlsCert(Optional.of(serverCert.cert()))
        .tlsKey(Optional.of(serverCert.key()))
        .build();
  }

  @Test
  void tls_trustingClientServed_plaintextAndUntrustingClientsRefused(@TempDir Path data)
      throws Exception {
    try (FaceSearchServer server = FaceSearchServer.start(settings(data))) {
      assertEquals(0, listCollections(server.port(), trusting()));
      StatusRuntimeException plaintext =
          assertThrows(
              StatusRuntimeException.class,
              () -> listCollections(server.port(), InsecureChannelCredentials.create()));
      assertEquals(Status.Code.UNAVAILABLE, plaintext.getStatus().getCode());
      // The JDK's default trust store does not know a self-signed certificate.
      StatusRuntimeException untrusting =
          assertThrows(
              StatusRuntimeException.class,
              () -> listCollections(server.port(), TlsChannelCredentials.create()));
      assertEquals(Status.Code.UNAVAILABLE, untrusting.getStatus().getCode());
    }
  }

  @Test
  void mutualTls_clientWithoutCertificateRefused(@TempDir Path data) throws Exception {
    ServerSettings settings =
        settings(data).toBuilder().tlsClientCa(Optional.of(clientCert.cert())).build();
    try (FaceSearchServer server = FaceSearchServer.start(settings)) {
      ChannelCredentials withCert =
          TlsChannelCredentials.newBuilder()
              .trustManager(serverCert.cert().toFile())
              .keyManager(clientCert.cert().toFile(), clientCert.key().toFile())
              .build();
      assertEquals(0, listCollections(server.port(), withCert));
      StatusRuntimeException without =
          assertThrows(
              StatusRuntimeException.class, () -> listCollections(server.port(), trusting()));
      assertEquals(Status.Code.UNAVAILABLE, without.getStatus().getCode());
    }
  }

  @Test
  void settings_certificateWithoutKeyRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ServerSettings.defaults().toBuilder()
                    .tlsCert(Optional.of(serverCert.cert()))
                    .build());
    assertTrue(e.getMessage().contains("private key"), e.getMessage());
  }
}
