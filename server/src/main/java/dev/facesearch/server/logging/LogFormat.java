package dev.facesearch.server.logging;

import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Logger;

/** How the server writes its log: one line of text per record for people, or of JSON for tools. */
public enum LogFormat {
  TEXT,
  JSON;

  /** A new formatter of this format. */
  public Formatter formatter() {
    return this == JSON ? new JsonLogFormatter() : new TextLogFormatter();
  }

  /** Formats every record of the process this way, through the root logger's handlers. */
  public void install() {
    for (Handler handler : Logger.getLogger("").getHandlers()) {
      handler.setFormatter(formatter());
    }
  }
}
