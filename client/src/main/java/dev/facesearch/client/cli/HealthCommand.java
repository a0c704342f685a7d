package dev.facesearch.client.cli;

import dev.facesearch.client.FaceSearchClient;
import io.grpc.health.v1.HealthCheckResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Asks the standard health service whether FaceSearch is serving. */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    description = "Asks the server whether it is serving; exit status 0 if it is, 3 if not.")
final class HealthCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    FaceSearchCli cli = FaceSearchCli.root(spec);
    try (FaceSearchClient client = cli.connect()) {
      HealthCheckResponse.ServingStatus status = client.health();
      if (cli.json()) {
        Output.json(
            spec.commandLine().getOut(),
            HealthCheckResponse.newBuilder().setStatus(status).build());
      } else {
        spec.commandLine().getOut().println(status);
      }
      return status == HealthCheckResponse.ServingStatus.SERVING
          ? ExitCode.OK
          : ExitCode.UNREACHABLE;
    }
  }
}
