package dev.facesearch.client.cli;

import dev.facesearch.api.v1.DeleteFaceResponse;
import dev.facesearch.client.FaceSearchClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Deletes single faces. */
@Command(name = "faces", mixinStandardHelpOptions = true, description = "Deletes single faces.")
final class FacesCommand {
  @Spec CommandSpec spec;

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Deletes a face and purges it.")
  int delete(
      @Option(
              names = {"-c", "--collection"},
              required = true,
              description = "The collection.")
          String collection,
      @Parameters(paramLabel = "FACE_ID") String faceId) {
    FaceSearchCli cli = FaceSearchCli.root(spec);
    PrintWriter out = spec.commandLine().getOut();
    try (FaceSearchClient client = cli.connect()) {
      String subject = client.deleteFace(collection, faceId);
      if (cli.json()) {
        Output.json(out, DeleteFaceResponse.newBuilder().setSubjectId(subject).build());
      } else {
        out.println("deleted face " + faceId + " of " + subject);
      }
    }
    return ExitCode.OK;
  }
}
