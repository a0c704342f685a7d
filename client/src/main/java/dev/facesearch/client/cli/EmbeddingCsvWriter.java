package dev.facesearch.client.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes embeddings as CSV lines {@code label[,file],v1,...,vN}, the format {@link EmbeddingCsv}
 * reads (without the file column). The file appears only once complete: lines go to a temporary
 * file beside it, moved over it by {@link #commit()}.
 *
 * <p>Values are written by {@link Float#toString(float)}, the shortest decimal that reads back as
 * the same float. Text fields are quoted as in RFC 4180 when they hold a comma, a quote or a line
 * break, and also when a reader of this format would take them for something else: a label that
 * reads as a number (it would be the first value), one starting with '#' (a comment line), or one
 * with spaces at either end (an unquoted label is stripped).
 */
final class EmbeddingCsvWriter implements AutoCloseable {
  private final Path file;
  private final Path temporary;
  private final BufferedWriter writer;
  private boolean committed;

  EmbeddingCsvWriter(Path file) {
    this.file = file;
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      this.temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
      this.writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException(ExitCode.LOCAL_INPUT, "cannot write " + file + ": " + e.getMessage());
    }
  }

  /** Writes a comment line, which readers of the format skip. */
  void comment(String text) {
    line("# " + text.replace('\n', ' ').replace('\r', ' '));
  }

  /** Writes one line: the text fields, then the values. */
  void write(float[] values, String... fields) {
    StringBuilder line = new StringBuilder(values.length * 14);
    for (String field : fields) {
      line.append(field(field)).append(',');
    }
    for (int i = 0; i < values.length; i++) {
      line.append(i == 0 ? "" : ",").append(Float.toString(values[i]));
    }
    line(line.toString());
  }

  private void line(String text) {
    try {
      writer.write(text);
      writer.write('\n');
    } catch (IOException e) {
      throw new CliException(ExitCode.LOCAL_INPUT, "cannot write " + file + ": " + e.getMessage());
    }
  }

  /** Moves the complete file into place. */
  void commit() {
    try {
      writer.close();
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      committed = true;
    } catch (IOException e) {
      throw new CliException(ExitCode.LOCAL_INPUT, "cannot write " + file + ": " + e.getMessage());
    }
  }

  /** Drops the temporary file unless committed. */
  @Override
  public void close() {
    if (committed) {
      return;
    }
    try {
      writer.close();
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      // Best effort: the failure that brought us here is the one to report.
    }
  }

  /** A text field, quoted when needed. */
  static String field(String text) {
    boolean quote =
        text.isEmpty()
            || text.startsWith("#")
            || !text.equals(text.strip())
            || isNumber(text)
            || text.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
    return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }

  private static boolean isNumber(String text) {
    try {
      Float.parseFloat(text.strip());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
