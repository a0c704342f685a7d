package dev.facesearch.server.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Formats each log record as one line of JSON, for log collectors: {@code ts}, {@code level},
 * {@code logger}, {@code msg}, and, for records emitted while handling a call, {@code request_id}
 * and {@code method}; access log records add {@code code}, {@code duration_ms} and {@code peer}; a
 * thrown exception goes in {@code error} with its stack trace.
 */
public final class JsonLogFormatter extends Formatter {
  @Override
  public String format(LogRecord record) {
    AccessEntry access = accessEntry(record);
    StringBuilder json = new StringBuilder(256).append('{');
    field(json, "ts", Instant.ofEpochMilli(record.getMillis()).toString());
    field(json, "level", record.getLevel().getName());
    field(json, "logger", record.getLoggerName());
    field(json, "msg", access != null ? access.message() : formatMessage(record));
    String requestId = access != null ? access.requestId() : CallLabels.requestId();
    String method = access != null ? access.method() : CallLabels.method();
    if (requestId != null) {
      field(json, "request_id", requestId);
    }
    if (method != null) {
      field(json, "method", method);
    }
    if (access != null) {
      field(json, "code", access.code());
      json.append(",\"duration_ms\":").append(Math.round(access.durationMillis() * 1000) / 1000.0);
      field(json, "peer", access.peer());
    }
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      field(json, "error", trace.toString());
    }
    return json.append("}\n").toString();
  }

  static AccessEntry accessEntry(LogRecord record) {
    Object[] parameters = record.getParameters();
    return parameters != null && parameters.length == 1 && parameters[0] instanceof AccessEntry e
        ? e
        : null;
  }

  private static void field(StringBuilder json, String name, String value) {
    if (json.length() > 1) {
      json.append(',');
    }
    json.append('"').append(name).append("\":");
    if (value == null) {
      json.append("null");
      return;
    }
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
