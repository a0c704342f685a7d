package dev.facesearch.client.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads embeddings from CSV: one per line, {@code label,v1,...,vN} or {@code v1,...,vN}. Blank
 * lines and lines starting with '#' are skipped. A label holding a comma or a quote is written in
 * double quotes, with quotes doubled, as in RFC 4180.
 */
final class EmbeddingCsv {
  private EmbeddingCsv() {}

  /**
   * One line of the file.
   *
   * @param line its 1-based line number
   * @param label the first field if it is not a number
   * @param values the embedding
   */
  record Row(int line, Optional<String> label, float[] values) {}

  static List<Row> read(Path file, boolean labelRequired) {
    List<Row> rows = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int lineNumber = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        rows.add(parse(line, lineNumber, labelRequired, file));
      }
    } catch (IOException e) {
      throw new CliException(ExitCode.LOCAL_INPUT, "cannot read " + file + ": " + e.getMessage());
    }
    if (rows.isEmpty()) {
      throw new CliException(ExitCode.LOCAL_INPUT, file + " holds no embeddings");
    }
    int dimension = rows.getFirst().values().length;
    for (Row row : rows) {
      if (row.values().length != dimension) {
        throw new CliException(
            ExitCode.LOCAL_INPUT,
            file
                + ":"
                + row.line()
                + ": "
                + row.values().length
                + " values, but line "
                + rows.getFirst().line()
                + " has "
                + dimension);
      }
    }
    return rows;
  }

  /** Parses "v1,v2,..." given on the command line. */
  static float[] parseVector(String text) {
    return values(text.split(",", -1), "--vector");
  }

  private static Row parse(String line, int lineNumber, boolean labelRequired, Path file) {
    String where = file + ":" + lineNumber;
    String label = null;
    String rest = line;
    if (line.startsWith("\"")) {
      StringBuilder quoted = new StringBuilder();
      int i = 1;
      while (true) {
        if (i >= line.length()) {
          throw new CliException(ExitCode.LOCAL_INPUT, where + ": unterminated quoted label");
        }
        char c = line.charAt(i);
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          quoted.append('"');
          i += 2;
        } else if (c == '"') {
          i++;
          break;
        } else {
          quoted.append(c);
          i++;
        }
      }
      if (i >= line.length() || line.charAt(i) != ',') {
        throw new CliException(
            ExitCode.LOCAL_INPUT, where + ": expected ',' after the quoted label");
      }
      label = quoted.toString();
      rest = line.substring(i + 1);
    } else {
      int comma = line.indexOf(',');
      String first = comma < 0 ? line : line.substring(0, comma);
      if (labelRequired || !isNumber(first)) {
        label = first.strip();
        rest = comma < 0 ? "" : line.substring(comma + 1);
      }
    }
    if (labelRequired && (label == null || label.isEmpty())) {
      throw new CliException(
          ExitCode.LOCAL_INPUT, where + ": the first field must be a subject id");
    }
    return new Row(lineNumber, Optional.ofNullable(label), values(rest.split(",", -1), where));
  }

  private static float[] values(String[] fields, String where) {
    float[] values = new float[fields.length];
    for (int i = 0; i < fields.length; i++) {
      try {
        values[i] = Float.parseFloat(fields[i].strip());
      } catch (NumberFormatException e) {
        throw new CliException(
            ExitCode.LOCAL_INPUT,
            where + ": value " + (i + 1) + " is not a number: '" + fields[i].strip() + "'");
      }
    }
    return values;
  }

  private static boolean isNumber(String field) {
    try {
      Float.parseFloat(field.strip());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
