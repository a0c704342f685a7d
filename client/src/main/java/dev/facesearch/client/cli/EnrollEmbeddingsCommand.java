package dev.facesearch.client.cli;

import com.google.gson.JsonObject;
import dev.facesearch.api.v1.EnrollOutcome;
import dev.facesearch.client.FaceSearchClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Enrolls embeddings computed elsewhere, from CSV lines {@code subject,v1,...,v128}. Lines of one
 * subject are sent together, up to 100 per call. A subject the server refuses is reported and
 * skipped; an unreachable server stops the command.
 */
@Command(
    name = "enroll-embeddings",
    mixinStandardHelpOptions = true,
    description = {
      "Enrolls embeddings from a CSV file, one per line: subject,v1,...,v128.",
      "Enrolling the same line again is a no-op (reported as already enrolled)."
    })
final class EnrollEmbeddingsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE.csv", description = "The embeddings.")
  Path file;

  @Option(
      names = {"-c", "--collection"},
      required = true,
      description = "The collection.")
  String collection;

  @Option(names = "--metadata", description = "key=value stored with every face, repeatable.")
  Map<String, String> metadata = new LinkedHashMap<>();

  @Override
  public Integer call() {
    FaceSearchCli cli = FaceSearchCli.root(spec);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long started = System.nanoTime();
    Map<String, List<EmbeddingCsv.Row>> bySubject = new LinkedHashMap<>();
    List<EmbeddingCsv.Row> rows = EmbeddingCsv.read(file, true);
    for (EmbeddingCsv.Row row : rows) {
      bySubject
          .computeIfAbsent(row.label().orElseThrow(), s -> new java.util.ArrayList<>())
          .add(row);
    }
    int enrolled = 0;
    int already = 0;
    int failed = 0;
    try (FaceSearchClient client = cli.connect()) {
      for (Map.Entry<String, List<EmbeddingCsv.Row>> subject : bySubject.entrySet()) {
        List<EmbeddingCsv.Row> lines = subject.getValue();
        for (int from = 0; from < lines.size(); from += FaceSearchClient.MAX_INPUTS_PER_CALL) {
          List<EmbeddingCsv.Row> chunk =
              lines.subList(
                  from, Math.min(lines.size(), from + FaceSearchClient.MAX_INPUTS_PER_CALL));
          try {
            for (EnrollOutcome outcome :
                client
                    .enrollEmbeddings(
                        collection,
                        subject.getKey(),
                        chunk.stream().map(EmbeddingCsv.Row::values).toList(),
                        metadata)
                    .getOutcomesList()) {
              switch (outcome.getResult()) {
                case ENROLL_RESULT_ENROLLED -> enrolled++;
                case ENROLL_RESULT_ALREADY_ENROLLED -> already++;
                default -> failed++;
              }
            }
          } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.UNAVAILABLE
                || code == Status.Code.DEADLINE_EXCEEDED
                || code == Status.Code.NOT_FOUND) {
              throw e;
            }
            failed += chunk.size();
            err.println(
                "facesearch: "
                    + file
                    + ":"
                    + chunk.getFirst().line()
                    + ": subject '"
                    + subject.getKey()
                    + "': "
                    + code
                    + ": "
                    + e.getStatus().getDescription());
          }
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (cli.json()) {
      JsonObject summary = new JsonObject();
      summary.addProperty("file", file.toString());
      summary.addProperty("lines", rows.size());
      summary.addProperty("subjects", bySubject.size());
      summary.addProperty("enrolled", enrolled);
      summary.addProperty("already_enrolled", already);
      summary.addProperty("failed", failed);
      summary.addProperty("seconds", seconds);
      Output.json(out, summary);
    } else {
      out.printf(
          "%d lines, %d subjects: %d enrolled, %d already enrolled, %d failed (%.1f s)%n",
          rows.size(), bySubject.size(), enrolled, already, failed, seconds);
    }
    return failed == 0 ? ExitCode.OK : ExitCode.REFUSED;
  }
}
