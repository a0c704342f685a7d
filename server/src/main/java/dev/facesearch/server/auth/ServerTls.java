package dev.facesearch.server.auth;

import dev.facesearch.server.config.ServerSettings;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.nio.file.Path;

/** The transport security of the server's port: TLS from PEM files, optionally mutual, or none. */
public final class ServerTls {
  private ServerTls() {}

  /** The credentials the settings ask for; plaintext when they name no certificate. */
  public static ServerCredentials credentials(ServerSettings settings) throws IOException {
    if (!settings.tls()) {
      return InsecureServerCredentials.create();
    }
    Path cert = settings.tlsCert().orElseThrow();
    Path key = settings.tlsKey().orElseThrow();
    TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder();
    try {
      tls.keyManager(cert.toFile(), key.toFile());
      if (settings.tlsClientCa().isPresent()) {
        tls.trustManager(settings.tlsClientCa().get().toFile())
            .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
      }
    } catch (IOException e) {
      throw new IOException(
          "cannot read the TLS files (" + cert + ", " + key + "): " + e.getMessage(), e);
    }
    return tls.build();
  }
}
