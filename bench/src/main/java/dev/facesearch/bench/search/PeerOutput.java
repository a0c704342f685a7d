package dev.facesearch.bench.search;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the peers' script ({@code bench/src/main/python/peer_search.py}) printed: one JSON object
 * per line, each with a {@code kind}. Lines that are not JSON objects (a library's stray print) are
 * kept aside rather than failing the run; a known kind without its fields is an error, since it
 * means the script and this parser disagree.
 *
 * @param info interpreter and library versions, by name
 * @param missing libraries that could not be imported
 * @param builds indexes built
 * @param results one per engine and setting
 * @param overheads per-call cost of each binding against a tiny index
 * @param ignored lines that were not JSON objects, or of an unknown kind
 */
record PeerOutput(
    Map<String, String> info,
    List<Missing> missing,
    List<Build> builds,
    List<Result> results,
    List<Overhead> overheads,
    List<String> ignored) {

  /** A library the script could not import. */
  record Missing(String module, String reason) {}

  /** An index the script built, with how many threads and how long it took. */
  record Build(String engine, double seconds, int threads) {}

  /**
   * One engine at one setting.
   *
   * @param setting ef, or 0 for the exact scan
   * @param qps queries per second on one thread, one query per call
   * @param queries queries timed
   * @param seconds time they took
   * @param ids file (in the script's output folder) of the ids found, int32 little-endian
   */
  record Result(String engine, int setting, double qps, long queries, double seconds, String ids) {}

  /** Microseconds per call of a binding around a search of 16 vectors. */
  record Overhead(String engine, double micros) {}

  static PeerOutput parse(List<String> lines) {
    Map<String, String> info = new LinkedHashMap<>();
    List<Missing> missing = new ArrayList<>();
    List<Build> builds = new ArrayList<>();
    List<Result> results = new ArrayList<>();
    List<Overhead> overheads = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      JsonObject json = object(line);
      if (json == null || !json.has("kind")) {
        ignored.add(line);
        continue;
      }
      try {
        switch (json.get("kind").getAsString()) {
          case "info" ->
              json.entrySet().stream()
                  .filter(e -> !e.getKey().equals("kind"))
                  .forEach(e -> info.put(e.getKey(), e.getValue().getAsString()));
          case "missing" -> missing.add(new Missing(text(json, "module"), text(json, "reason")));
          case "build" ->
              builds.add(
                  new Build(
                      text(json, "engine"),
                      number(json, "seconds"),
                      (int) number(json, "threads")));
          case "result" ->
              results.add(
                  new Result(
                      text(json, "engine"),
                      (int) number(json, "setting"),
                      number(json, "qps"),
                      (long) number(json, "queries"),
                      number(json, "seconds"),
                      text(json, "ids")));
          case "overhead" ->
              overheads.add(new Overhead(text(json, "engine"), number(json, "micros")));
          default -> ignored.add(line);
        }
      } catch (IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
        throw new IllegalArgumentException("unreadable line from the peers' script: " + line, e);
      }
    }
    return new PeerOutput(info, missing, builds, results, overheads, ignored);
  }

  /** The seconds the script spent building an engine's index, NaN if it did not say. */
  double buildSeconds(String engine) {
    return builds.stream()
        .filter(b -> b.engine().equals(engine))
        .mapToDouble(Build::seconds)
        .findFirst()
        .orElse(Double.NaN);
  }

  private static JsonObject object(String line) {
    try {
      JsonElement element = JsonParser.parseString(line);
      return element.isJsonObject() ? element.getAsJsonObject() : null;
    } catch (JsonParseException e) {
      return null;
    }
  }

  private static String text(JsonObject json, String field) {
    JsonElement value = json.get(field);
    if (value == null || value.isJsonNull()) {
      throw new IllegalStateException("no " + field);
    }
    return value.getAsString();
  }

  private static double number(JsonObject json, String field) {
    JsonElement value = json.get(field);
    if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
      throw new IllegalStateException(field + " is not a number");
    }
    return value.getAsDouble();
  }
}
