package dev.facesearch.client.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Embeddings of a benchmark's images kept in a CSV file between runs, so that a rerun (another
 * --face choice aside) asks the server only for images it has not seen. One line per image, {@code
 * key,v1,...,vN}, or just {@code key} when the image has no face; the first line names the model
 * and face choice the embeddings were made with, and a run with other settings refuses the file.
 * Lines are appended and flushed as they come, so an interrupted run keeps what it did.
 * Thread-safe.
 */
final class EmbeddingCache implements AutoCloseable {
  private static final String HEADER = "# facesearch evaluate embeddings: ";

  private final Map<String, Optional<float[]>> known; // guarded by this
  private final BufferedWriter writer; // guarded by this

  private EmbeddingCache(Map<String, Optional<float[]>> known, BufferedWriter writer) {
    this.known = known;
    this.writer = writer;
  }

  /**
   * Opens a cache file, creating it if absent.
   *
   * @param settings what the embeddings depend on, e.g. "model=resnet128 face=central"
   */
  static EmbeddingCache open(Path file, String settings) {
    Map<String, Optional<float[]>> known = new HashMap<>();
    try {
      boolean fresh = !Files.exists(file) || Files.size(file) == 0;
      if (!fresh) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (!lines.getFirst().equals(HEADER + settings)) {
          throw new CliException(
              ExitCode.LOCAL_INPUT,
              file
                  + " holds embeddings made with other settings ("
                  + lines.getFirst().replace(HEADER, "")
                  + "), not "
                  + settings
                  + ": give another --cache file");
        }
        for (int i = 1; i < lines.size(); i++) {
          if (!lines.get(i).isBlank()) {
            parse(lines.get(i), file + ":" + (i + 1), known);
          }
        }
      }
      BufferedWriter writer =
          Files.newBufferedWriter(
              file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      if (fresh) {
        writer.write(HEADER + settings);
        writer.newLine();
        writer.flush();
      }
      return new EmbeddingCache(known, writer);
    } catch (IOException e) {
      throw new CliException(
          ExitCode.LOCAL_INPUT, "cannot use cache " + file + ": " + e.getMessage());
    }
  }

  /** The cached result of an image: absent if not cached, else its embedding or none (no face). */
  synchronized Optional<Optional<float[]>> get(String key) {
    return Optional.ofNullable(known.get(key));
  }

  /** Adds an image's embedding, or the fact it has no face. */
  synchronized void put(String key, Optional<float[]> embedding) {
    known.put(key, embedding);
    StringBuilder line = new StringBuilder(quote(key));
    embedding.ifPresent(values -> {
      for (float v : values) {
        line.append(',').append(v);
      }
    });
    try {
      writer.write(line.toString());
      writer.newLine();
      writer.flush();
    } catch (IOException e) {
      throw new CliException(ExitCode.LOCAL_INPUT, "cannot write the cache: " + e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new CliException(ExitCode.LOCAL_INPUT, "cannot write the cache: " + e.getMessage());
    }
  }

  private static String quote(String key) {
    return key.contains(",") || key.contains("\"") ? '"' + key.replace("\"", "\"\"") + '"' : key;
  }

  private static void parse(String line, String where, Map<String, Optional<float[]>> into) {
    String key;
    String rest;
    if (line.startsWith("\"")) {
      int end = 1;
      StringBuilder quoted = new StringBuilder();
      while (end < line.length()) {
        char c = line.charAt(end);
        if (c == '"' && end + 1 < line.length() && line.charAt(end + 1) == '"') {
          quoted.append('"');
          end += 2;
        } else if (c == '"') {
          break;
        } else {
          quoted.append(c);
          end++;
        }
      }
      key = quoted.toString();
      rest = end + 1 < line.length() ? line.substring(end + 1) : "";
    } else {
      int comma = line.indexOf(',');
      key = comma < 0 ? line : line.substring(0, comma);
      rest = comma < 0 ? "" : line.substring(comma);
    }
    if (rest.isEmpty()) {
      into.put(key, Optional.empty());
      return;
    }
    String[] fields = rest.substring(1).split(",", -1);
    float[] values = new float[fields.length];
    try {
      for (int i = 0; i < fields.length; i++) {
        values[i] = Float.parseFloat(fields[i]);
      }
    } catch (NumberFormatException e) {
      throw new CliException(ExitCode.LOCAL_INPUT, where + ": not an embedding");
    }
    into.put(key, Optional.of(values));
  }
}
