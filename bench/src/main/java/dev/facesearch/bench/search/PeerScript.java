package dev.facesearch.bench.search;

import dev.facesearch.bench.pipeline.ProjectFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs the peers' script ({@code bench/src/main/python/peer_search.py}) on the gallery and query
 * files, with the interpreter that has Debian's {@code python3-hnswlib} and {@code python3-faiss}:
 * {@code /usr/bin/python3} unless told otherwise (a pyenv or virtualenv {@code python3} earlier on
 * the PATH would not see them). Its progress goes to this process's error stream as it runs.
 */
final class PeerScript {
  /** The script, from the project root. */
  static final String SCRIPT = "bench/src/main/python/peer_search.py";

  private static final Path DEBIAN_PYTHON = Path.of("/usr/bin/python3");

  private PeerScript() {}

  /**
   * How the run went.
   *
   * @param output what the script printed, if it ran to the end
   * @param note why it did not, if it did not
   */
  record Run(Optional<PeerOutput> output, String note) {}

  /** The interpreter: the given one, else Debian's, else the PATH's {@code python3}. */
  static String interpreter(Optional<Path> given) {
    if (given.isPresent()) {
      return given.get().toString();
    }
    return Files.isExecutable(DEBIAN_PYTHON) ? DEBIAN_PYTHON.toString() : "python3";
  }

  static Run run(PeerPlan plan, Path faces, Path queries, int dimension, Path out)
      throws IOException, InterruptedException {
    Path script = ProjectFiles.root().resolve(SCRIPT);
    if (!Files.isRegularFile(script)) {
      return new Run(Optional.empty(), script + " not found");
    }
    List<String> command =
        List.of(
            interpreter(plan.python()),
            script.toString(),
            "--faces=" + faces,
            "--queries=" + queries,
            "--dim=" + dimension,
            "--out=" + out,
            "--n=" + GalleryBench.RECALL_AT,
            "--m=" + SearchPlan.BASE_M,
            "--ef-construction=" + SearchPlan.BASE_BEAM,
            "--ef="
                + plan.settings().stream().map(String::valueOf).collect(Collectors.joining(",")),
            "--measure=" + plan.measure().toMillis() / 1000.0,
            "--build-threads=" + plan.buildThreads(),
            "--seed=" + plan.seed());
    Process process;
    try {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    } catch (IOException e) {
      return new Run(
          Optional.empty(), command.getFirst() + " could not be started: " + e.getMessage());
    }
    process.getOutputStream().close();
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
      }
    } finally {
      if (process.isAlive() && !process.waitFor(1, java.util.concurrent.TimeUnit.MINUTES)) {
        process.destroyForcibly();
      }
    }
    int exit = process.waitFor();
    if (exit != 0) {
      return new Run(
          Optional.empty(),
          command.getFirst() + " " + SCRIPT + " ended with status " + exit + " (its errors above)");
    }
    return new Run(Optional.of(PeerOutput.parse(lines)), "");
  }
}
