package dev.facesearch.client.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.facesearch.api.v1.Candidate;
import dev.facesearch.api.v1.FaceResult;
import dev.facesearch.api.v1.IdentifyRequest;
import dev.facesearch.api.v1.IdentifyResponse;
import dev.facesearch.client.FaceSearchClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Identifies embeddings: one given with --vector, or each line of a CSV file. When every line of
 * the file starts with a label (the expected subject), the top-1 accuracy is printed too.
 */
@Command(
    name = "identify-embedding",
    mixinStandardHelpOptions = true,
    description = {
      "Finds the enrolled subjects nearest to embeddings.",
      "FILE.csv holds one embedding per line, [label,]v1,...,v128; with labels, the top-1",
      "accuracy against them is printed as well."
    })
final class IdentifyEmbeddingCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Query query;

  static final class Query {
    @Option(names = "--vector", paramLabel = "V1,...,VN", description = "One embedding.")
    String vector;

    @Parameters(paramLabel = "FILE.csv", description = "Embeddings, one per line.")
    Path file;
  }

  @Option(
      names = {"-c", "--collection"},
      required = true,
      description = "The collection.")
  String collection;

  @Option(
      names = {"-k", "--top-k"},
      defaultValue = "5",
      description = "Candidates per query (default ${DEFAULT-VALUE}).")
  int topK;

  @Option(names = "--max-distance", description = "Leave out candidates farther than this.")
  Float maxDistance;

  @Override
  public Integer call() {
    FaceSearchCli cli = FaceSearchCli.root(spec);
    PrintWriter out = spec.commandLine().getOut();
    List<EmbeddingCsv.Row> rows =
        query.file != null
            ? EmbeddingCsv.read(query.file, false)
            : List.of(
                new EmbeddingCsv.Row(1, Optional.empty(), EmbeddingCsv.parseVector(query.vector)));
    boolean labelled = rows.stream().allMatch(r -> r.label().isPresent());
    int right = 0;
    JsonArray results = new JsonArray();
    try (FaceSearchClient client = cli.connect()) {
      for (EmbeddingCsv.Row row : rows) {
        IdentifyRequest.Builder request =
            IdentifyRequest.newBuilder()
                .setCollection(collection)
                .setInput(FaceSearchClient.embedding(row.values()))
                .setTopK(topK);
        if (maxDistance != null) {
          request.setMaxDistance(maxDistance);
        }
        IdentifyResponse response = client.identify(request.build());
        FaceResult result = response.getResults(0);
        String top = result.getCandidatesCount() == 0 ? "" : result.getCandidates(0).getSubjectId();
        if (row.label().map(top::equals).orElse(false)) {
          right++;
        }
        if (cli.json()) {
          JsonObject entry = new JsonObject();
          entry.addProperty("line", row.line());
          row.label().ifPresent(l -> entry.addProperty("label", l));
          entry.add("response", Output.tree(response));
          results.add(entry);
        } else {
          print(out, row, result);
        }
      }
    }
    if (cli.json()) {
      JsonObject document = new JsonObject();
      document.add("queries", results);
      if (labelled) {
        document.addProperty("top1_accuracy", right / (double) rows.size());
      }
      Output.json(out, document);
    } else if (labelled) {
      out.printf("top-1: %d/%d = %.4f%n", right, rows.size(), right / (double) rows.size());
    }
    return ExitCode.OK;
  }

  private static void print(PrintWriter out, EmbeddingCsv.Row row, FaceResult result) {
    String name =
        row.label().map(l -> "line " + row.line() + " (" + l + ")").orElse("line " + row.line());
    if (result.getCandidatesCount() == 0) {
      out.println(name + ": no candidates");
      return;
    }
    out.println(
        name
            + ": "
            + (result.getKnown() ? result.getCandidates(0).getSubjectId() : "unknown person"));
    int rank = 1;
    for (Candidate c : result.getCandidatesList()) {
      out.printf(
          "  %d. %-32s distance %.4f  similarity %.4f  face %s%n",
          rank++, c.getSubjectId(), c.getDistance(), c.getSimilarity(), c.getFaceId());
    }
  }
}
