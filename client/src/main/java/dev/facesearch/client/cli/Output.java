package dev.facesearch.client.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.PrintWriter;

/** Writes a command's result as one JSON document, for --json. */
final class Output {
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().alwaysPrintFieldsWithNoPresence();

  private Output() {}

  /** Prints an API message in the proto3 JSON mapping. */
  static void json(PrintWriter out, Message message) {
    out.println(print(message));
  }

  /** Prints a document the command built, such as a summary. */
  static void json(PrintWriter out, JsonElement document) {
    out.println(pretty(document));
  }

  /** A document as indented JSON, for files. */
  static String pretty(JsonElement document) {
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(document);
  }

  /** An API message as JSON, to nest inside a larger document. */
  static JsonElement tree(Message message) {
    return JsonParser.parseString(print(message));
  }

  private static String print(Message message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("every message of this API prints as JSON", e);
    }
  }
}
