package dev.facesearch.bench.load;

import dev.facesearch.bench.MarkdownTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The harness's output: markdown on standard output (and a file if asked), progress on stderr. */
final class Report {
  private final Optional<Path> file;
  private final StringBuilder text = new StringBuilder();

  Report(Optional<Path> file) {
    this.file = file;
  }

  void progress(String what) {
    System.err.println("... " + what);
  }

  /** A paragraph. */
  void line(String line) {
    System.out.println(line);
    System.out.println();
    System.out.flush();
    text.append(line).append("\n\n");
  }

  void table(String title, MarkdownTable table) {
    line(title + "\n\n" + table.toString().stripTrailing());
  }

  /** Writes the file, if one was asked for. */
  void close() throws IOException {
    if (file.isPresent()) {
      Files.writeString(file.get(), text);
    }
  }
}
