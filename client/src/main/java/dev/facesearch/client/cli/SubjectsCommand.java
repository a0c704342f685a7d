package dev.facesearch.client.cli;

import dev.facesearch.api.v1.DeleteSubjectResponse;
import dev.facesearch.api.v1.ListSubjectsResponse;
import dev.facesearch.api.v1.Subject;
import dev.facesearch.client.FaceSearchClient;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Lists, inspects and deletes the subjects of a collection. */
@Command(
    name = "subjects",
    mixinStandardHelpOptions = true,
    description = "Lists, inspects and deletes the subjects of a collection.")
final class SubjectsCommand {
  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--collection"},
      required = true,
      scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "The collection.")
  String collection;

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists subjects with their face counts, in subject id order.")
  int list(
      @Option(
              names = "--page-size",
              description = "Fetch one page of this size instead of every subject.")
          Integer pageSize,
      @Option(names = "--page-token", defaultValue = "", description = "The page to fetch.")
          String pageToken) {
    try (FaceSearchClient client = cli().connect()) {
      ListSubjectsResponse listing =
          pageSize == null && pageToken.isEmpty()
              ? ListSubjectsResponse.newBuilder()
                  .addAllSubjects(client.allSubjects(collection))
                  .build()
              : client.listSubjects(collection, pageToken, pageSize == null ? 0 : pageSize);
      if (cli().json()) {
        Output.json(out(), listing);
      } else {
        Text.subjects(out(), listing.getSubjectsList());
        if (!listing.getNextPageToken().isEmpty()) {
          out().println("next page: --page-token " + listing.getNextPageToken());
        }
      }
    }
    return ExitCode.OK;
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows a subject's faces.")
  int get(@Parameters(paramLabel = "SUBJECT") String subjectId) {
    try (FaceSearchClient client = cli().connect()) {
      Subject subject = client.getSubject(collection, subjectId);
      if (cli().json()) {
        Output.json(out(), subject);
      } else {
        Text.subject(out(), subject);
      }
    }
    return ExitCode.OK;
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Deletes all faces of subjects and purges them.")
  int delete(@Parameters(paramLabel = "SUBJECT", arity = "1..*") List<String> subjectIds) {
    try (FaceSearchClient client = cli().connect()) {
      for (String subjectId : subjectIds) {
        int deleted = client.deleteSubject(collection, subjectId);
        if (cli().json()) {
          Output.json(out(), DeleteSubjectResponse.newBuilder().setDeletedFaces(deleted).build());
        } else {
          out().println("deleted " + deleted + " faces of " + subjectId);
        }
      }
    }
    return ExitCode.OK;
  }

  private FaceSearchCli cli() {
    return FaceSearchCli.root(spec);
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
