package dev.facesearch.server.config;

import java.util.Locale;

/** Whether calls must carry an API key. */
public enum AuthMode {
  /**
   * Keys are required once the data folder has a keys file ({@code facesearch-server keys create}
   * makes it), and from then on until the server stops, even if the file goes away.
   */
  AUTO,
  /** Keys are always required; with no keys file, every call is refused. */
  REQUIRED,
  /** Keys are never checked; the keys file is ignored. */
  OFF;

  /** The name used by the command line: auto, required or off. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
