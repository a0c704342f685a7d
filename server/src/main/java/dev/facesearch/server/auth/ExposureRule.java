package dev.facesearch.server.auth;

import dev.facesearch.server.config.ServerSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.logging.Logger;

/**
 * Refuses to put the biometric API on the network unprotected: a server listening on anything but
 * loopback needs TLS or API keys, unless the operator said {@code --insecure}.
 */
public final class ExposureRule {
  private static final Logger logger = Logger.getLogger(ExposureRule.class.getName());

  private ExposureRule() {}

  /**
   * Checks the settings before the server listens.
   *
   * @param keysRequired whether calls will need an API key
   * @throws IllegalStateException saying what to do, when the rule is broken
   */
  public static void check(ServerSettings settings, boolean keysRequired) {
    if (loopback(settings.host())) {
      return;
    }
    if (!settings.tls() && !keysRequired) {
      if (!settings.insecure()) {
        throw new IllegalStateException(
            "refusing to listen on "
                + settings.host()
                + " (not loopback) with neither TLS nor API keys: anyone on the network could"
                + " read and change the gallery. Create a key ('facesearch-server keys create"
                + " --name NAME --scope admin:*'), and/or pass --tls-cert and --tls-key; or pass"
                + " --insecure if the network is trusted");
      }
      logger.warning(
          "listening on " + settings.host() + " with neither TLS nor API keys (--insecure)");
    } else if (!settings.tls()) {
      logger.warning(
          "listening on "
              + settings.host()
              + " without TLS: API keys and faces cross the network in clear text");
    }
  }

  /** Whether the host names only this machine; unresolvable names count as not loopback. */
  static boolean loopback(String host) {
    try {
      InetAddress[] addresses = InetAddress.getAllByName(host);
      for (InetAddress a : addresses) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return addresses.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
