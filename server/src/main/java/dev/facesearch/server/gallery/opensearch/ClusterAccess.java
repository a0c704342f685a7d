package dev.facesearch.server.gallery.opensearch;

import dev.facesearch.server.config.ServerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the server reaches the cluster: the nodes' addresses, the authorities it trusts for {@code
 * https} nodes (else the JVM's trust store), and the file with the {@code user:password} it
 * presents by HTTP basic authentication (the OpenSearch security plugin's internal users).
 *
 * <p>The record holds paths, never the password, so it can be logged.
 *
 * @param nodes the nodes' HTTP addresses
 * @param caCertificates PEM certificates of the trusted authorities
 * @param credentials a file whose first line is {@code user:password}
 */
public record ClusterAccess(
    List<URI> nodes, Optional<Path> caCertificates, Optional<Path> credentials) {

  public ClusterAccess {
    nodes = List.copyOf(nodes);
    Objects.requireNonNull(caCertificates, "caCertificates");
    Objects.requireNonNull(credentials, "credentials");
  }

  /** Plain addresses, trusted as the JVM trusts, with no credentials. */
  public static ClusterAccess of(List<URI> nodes) {
    return new ClusterAccess(nodes, Optional.empty(), Optional.empty());
  }

  /** The access the server's settings describe. */
  public static ClusterAccess of(ServerSettings settings) {
    return new ClusterAccess(
        settings.openSearchUrls(), settings.openSearchCa(), settings.openSearchCredentials());
  }

  /** The TLS context for https nodes: the given authorities, or the JVM's defaults. */
  SSLContext sslContext() throws IOException {
    try {
      if (caCertificates.isEmpty()) {
        return SSLContext.getDefault();
      }
      Path file = caCertificates.get();
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int count = 0;
      try (InputStream in = Files.newInputStream(file)) {
        for (Certificate certificate :
            CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          trusted.setCertificateEntry("ca-" + count++, certificate);
        }
      }
      if (count == 0) {
        throw new IOException("no PEM certificate in " + file);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "cannot trust the OpenSearch authorities in " + caCertificates.get() + ": " + e, e);
    }
  }

  /** The Authorization header's value, if credentials are given. */
  Optional<String> authorization() throws IOException {
    if (credentials.isEmpty()) {
      return Optional.empty();
    }
    String line = Files.readString(credentials.get(), StandardCharsets.UTF_8).strip();
    int newline = line.indexOf('\n');
    if (newline >= 0) {
      line = line.substring(0, newline).strip();
    }
    if (line.indexOf(':') <= 0) {
      throw new IOException(
          "the OpenSearch credentials file "
              + credentials.get()
              + " must hold user:password on its first line");
    }
    return Optional.of(
        "Basic " + Base64.getEncoder().encodeToString(line.getBytes(StandardCharsets.UTF_8)));
  }
}
