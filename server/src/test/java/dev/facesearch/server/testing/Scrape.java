package dev.facesearch.server.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of a metrics endpoint over HTTP, read into samples by name and labels. */
public final class Scrape {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final Map<String, Double> samples;
  private final String text;

  private Scrape(Map<String, Double> samples, String text) {
    this.samples = samples;
    this.text = text;
  }

  /** GETs http://localhost:port/metrics and parses it. */
  public static Scrape of(int port) throws IOException, InterruptedException {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("metrics answered " + response.statusCode());
      }
      return parse(response.body());
    }
  }

  static Scrape parse(String text) {
    Map<String, Double> samples = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line.strip());
      if (!m.matches()) {
        throw new IllegalArgumentException("not a sample line: " + line);
      }
      Map<String, String> labels = new TreeMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.put(key(m.group(1), labels), Double.parseDouble(m.group(3)));
    }
    return new Scrape(samples, text);
  }

  private static String key(String name, Map<String, String> labels) {
    return name + new TreeMap<>(labels);
  }

  /** The value of a sample; labels given as name, value pairs, in any order; null if absent. */
  public Double value(String name, String... labels) {
    Map<String, String> map = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      map.put(labels[i], labels[i + 1]);
    }
    return samples.get(key(name, map));
  }

  /** The value of a sample, or 0 if the endpoint does not have it (yet). */
  public double valueOrZero(String name, String... labels) {
    Double value = value(name, labels);
    return value == null ? 0 : value;
  }

  /** The exposition text, for failure messages. */
  public String text() {
    return text;
  }
}
