package dev.facesearch.bench.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program to the end, with its output in files rather than pipes, so that neither
 * side can block the other and a hung program is ended after a time limit.
 */
final class Command {
  private Command() {}

  /**
   * How a program ended.
   *
   * @param exit its exit status
   * @param stdout what it printed
   * @param stderr what it printed on the error stream
   */
  record Result(int exit, String stdout, String stderr) {
    /**
     * The first line of the error stream that names an error (a compiler's or linker's), else its
     * last line.
     */
    String reason() {
      List<String> lines = stderr.strip().lines().filter(l -> !l.isBlank()).toList();
      if (lines.isEmpty()) {
        return "exit status " + exit + ", nothing on stderr";
      }
      return lines.stream()
          .filter(l -> l.contains("error:") || l.contains("undefined reference"))
          .findFirst()
          .orElse(lines.getLast());
    }
  }

  /**
   * Runs the command in a folder (null: the working folder).
   *
   * @param stdin a file to read as input, or null for none
   * @throws IOException if the program cannot be started (it does not exist, say) or outlives the
   *     limit, which ends it
   */
  static Result run(List<String> command, Path folder, Path stdin, Duration limit)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("facesearch-command", ".out");
    Path err = Files.createTempFile("facesearch-command", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(folder == null ? null : folder.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      if (stdin != null) {
        builder.redirectInput(stdin.toFile());
      }
      Process process = builder.start();
      if (stdin == null) {
        // No input: an empty stream, so a program that reads it sees the end at once.
        process.getOutputStream().close();
      }
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(1, TimeUnit.MINUTES);
        throw new IOException(command.getFirst() + " did not finish within " + limit);
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
