package dev.facesearch.server;

import dev.facesearch.server.auth.ApiKey;
import dev.facesearch.server.auth.KeyFile;
import dev.facesearch.server.auth.KeyTokens;
import dev.facesearch.server.auth.Scope;
import dev.facesearch.server.config.ServerSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keys}: creates, lists and revokes the API keys of a data folder. It works on the keys file
 * directly, so the server need not run, nor stop: a running server rereads the file within a
 * second.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class},
    description = "Manages the API keys of a data folder (works while the server runs).")
final class KeysCommand {
  /** The data folder option of every keys command. */
  static final class DataOption {
    @Option(
        names = "--data",
        defaultValue = "${env:FACESEARCH_DATA:-" + ServerSettings.DEFAULT_DATA_DIR + "}",
        description = "Data folder (env FACESEARCH_DATA; default ${DEFAULT-VALUE}).")
    Path dataDir;

    KeyFile file() {
      return new KeyFile(dataDir, Clock.systemUTC());
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Creates a key and prints it, once: it is stored only as a hash.")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin DataOption data;

    @Option(names = "--name", required = true, description = "What the key is for.")
    String name;

    @Option(
        names = "--scope",
        required = true,
        description =
            "permission:collection, repeatable; permission is read, write (implies read) or"
                + " admin (implies write); collection is a name or * for all, e.g. read:faces,"
                + " admin:*.")
    List<String> scopes;

    @Override
    public Integer call() throws IOException {
      List<Scope> parsed;
      try {
        parsed = scopes.stream().map(Scope::parse).toList();
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      KeyFile.NewKey created = data.file().create(name, parsed);
      PrintWriter out = spec.commandLine().getOut();
      out.println(created.token());
      out.flush();
      spec.commandLine()
          .getErr()
          .println(
              "created key "
                  + created.key().id()
                  + " ("
                  + describe(created.key())
                  + ") in "
                  + data.file().path()
                  + "; this is the only time it is shown");
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the keys: id, created, state, scopes, name (never secrets).")
  static final class ListKeys implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin DataOption data;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      for (ApiKey key : data.file().read()) {
        out.println(
            String.join(
                "\t",
                key.id(),
                key.created().toString(),
                key.revoked().map(r -> "revoked " + r).orElse("active"),
                describe(key),
                key.name()));
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revokes a key; a running server refuses it within a second or so.")
  static final class Revoke implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin DataOption data;

    @Parameters(paramLabel = "ID", description = "The key's id, as printed by keys list.")
    String id;

    @Override
    public Integer call() throws IOException {
      if (!KeyTokens.isId(id)) {
        throw new ParameterException(spec.commandLine(), "'" + id + "' is not a key id");
      }
      ApiKey key;
      try {
        key = data.file().revoke(id);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      spec.commandLine().getOut().println("revoked key " + key.id() + " (" + key.name() + ")");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  private static String describe(ApiKey key) {
    return key.scopes().stream().map(Scope::toString).collect(Collectors.joining(","));
  }
}
