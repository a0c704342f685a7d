package dev.facesearch.client.cli;

import dev.facesearch.client.FaceSearchClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The facesearch command line: a thin argument parser over {@link FaceSearchClient}.
 *
 * <p>Errors are reported as one line on standard error, without a stack trace, and the exit status
 * says what kind of error it was ({@link ExitCode}).
 */
@Command(
    name = "facesearch client",
    mixinStandardHelpOptions = true,
    subcommands = {
      HealthCommand.class,
      CollectionsCommand.class,
      SubjectsCommand.class,
      FacesCommand.class,
      EnrollEmbeddingsCommand.class,
      IdentifyEmbeddingCommand.class,
      EnrollCommand.class,
      IdentifyCommand.class,
      VerifyCommand.class,
      EvaluateCommand.class,
      DetectCommand.class,
      AlignCommand.class,
      EmbedCommand.class,
    },
    description = "Talks to a facesearch server.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:the command did what was asked",
      "1:the server refused the request, or some items of a batch failed",
      "2:the command line was wrong",
      "3:the server was unreachable, unavailable, or missed the deadline",
      "4:a local file could not be read or parsed",
    })
public final class FaceSearchCli {
  @Option(
      names = "--server",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:FACESEARCH_SERVER:-localhost:50051}",
      description = "host:port of the server (env FACESEARCH_SERVER; default ${DEFAULT-VALUE}).")
  String server;

  @Option(
      names = "--deadline",
      scope = ScopeType.INHERIT,
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Deadline of each call, e.g. 500ms, 30s, 2m (default ${DEFAULT-VALUE}).")
  Duration deadline;

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Print the result as one JSON document.")
  boolean json;

  @Option(
      names = "--tls",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:FACESEARCH_TLS:-false}",
      description = "Connect over TLS (env FACESEARCH_TLS).")
  boolean tls;

  @Option(
      names = "--ca-cert",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:FACESEARCH_CA_CERT}",
      description =
          "PEM certificates to trust for TLS instead of the system's; implies --tls"
              + " (env FACESEARCH_CA_CERT).")
  Path caCert;

  @Option(
      names = "--api-key",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:FACESEARCH_API_KEY}",
      description =
          "API key sent with every call (env FACESEARCH_API_KEY; prefer the variable, which"
              + " other users cannot see in the process list).")
  String apiKey;

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs a command line, writing to the given streams; returns the exit status. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new FaceSearchCli());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setParameterExceptionHandler((e, arguments) -> {
      e.getCommandLine().getErr().println("facesearch: " + e.getMessage());
      e.getCommandLine()
          .getErr()
          .println("try: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help");
      return ExitCode.USAGE;
    });
    commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
      cmd.getErr().println("facesearch: " + describe(e));
      return exitCode(e);
    });
    int status = commandLine.execute(args);
    out.flush();
    err.flush();
    return status;
  }

  /** The root command of a command's spec, which holds the global options. */
  static FaceSearchCli root(CommandSpec spec) {
    return (FaceSearchCli) spec.root().userObject();
  }

  FaceSearchClient connect() {
    try {
      return FaceSearchClient.connect(
          server,
          deadline,
          tls || caCert != null,
          Optional.ofNullable(caCert),
          Optional.ofNullable(apiKey).filter(k -> !k.isBlank()));
    } catch (IOException e) {
      throw new CliException(
          ExitCode.LOCAL_INPUT, "cannot read the CA certificate " + caCert + ": " + e.getMessage());
    }
  }

  boolean json() {
    return json;
  }

  private static String describe(Exception e) {
    if (e instanceof StatusRuntimeException s) {
      Status status = s.getStatus();
      String description = status.getDescription() == null ? "" : ": " + status.getDescription();
      return switch (status.getCode()) {
        case UNAVAILABLE -> "server unavailable" + description;
        case DEADLINE_EXCEEDED -> "no answer within the deadline" + description;
        default -> status.getCode() + description;
      };
    }
    if (e instanceof CliException) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static int exitCode(Exception e) {
    if (e instanceof CliException c) {
      return c.exitCode();
    }
    if (e instanceof StatusRuntimeException s) {
      return switch (s.getStatus().getCode()) {
        case UNAVAILABLE, DEADLINE_EXCEEDED -> ExitCode.UNREACHABLE;
        default -> ExitCode.REFUSED;
      };
    }
    return ExitCode.REFUSED;
  }

  /** Reads durations such as 500ms, 30s, 2m, or ISO-8601 (PT30S). */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      String t = text.strip().toLowerCase(java.util.Locale.ROOT);
      try {
        if (t.startsWith("pt")) {
          return Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
        }
        if (t.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        long amount = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
          case 's' -> Duration.ofSeconds(amount);
          case 'm' -> Duration.ofMinutes(amount);
          case 'h' -> Duration.ofHours(amount);
          default -> throw new NumberFormatException(text);
        };
      } catch (RuntimeException e) {
        throw new CommandLine.TypeConversionException(
            "'" + text + "' is not a duration such as 500ms, 30s or 2m");
      }
    }
  }
}
