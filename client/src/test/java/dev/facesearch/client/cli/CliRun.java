package dev.facesearch.client.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs the command line in-process against a server on a local port, capturing its output. */
final class CliRun {
  private CliRun() {}

  /** What a run did: its exit status and what it wrote. */
  record Result(int status, String out, String err) {
    JsonObject json() {
      return JsonParser.parseString(out).getAsJsonObject();
    }
  }

  static Result run(int port, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("--server", "localhost:" + port));
    all.addAll(List.of(args));
    int status =
        FaceSearchCli.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    return new Result(status, out.toString(), err.toString());
  }
}
