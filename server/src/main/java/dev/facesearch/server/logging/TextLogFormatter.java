package dev.facesearch.server.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Formats each log record as one line for people: time, level, logger, message and, while handling
 * a call, its request id and method in brackets.
 */
public final class TextLogFormatter extends Formatter {
  @Override
  public String format(LogRecord record) {
    AccessEntry access = JsonLogFormatter.accessEntry(record);
    StringBuilder line =
        new StringBuilder(160)
            .append(Instant.ofEpochMilli(record.getMillis()))
            .append(' ')
            .append(record.getLevel().getName())
            .append(' ')
            .append(record.getLoggerName())
            .append(": ");
    if (access != null) {
      // The access line names its call already.
      line.append(access.message());
    } else {
      line.append(formatMessage(record));
      String requestId = CallLabels.requestId();
      if (requestId != null) {
        line.append(" [request_id=")
            .append(requestId)
            .append(" method=")
            .append(CallLabels.method())
            .append(']');
      }
    }
    line.append(System.lineSeparator());
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      line.append(trace);
    }
    return line.toString();
  }
}
