package dev.facesearch.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server in a child JVM, started as an operator would, that a test can kill with SIGKILL. */
public final class ServerProcess {
  private static final Pattern LISTENING = Pattern.compile("facesearch listening on [^:]+:(\\d+)");

  private final Process process;
  private final int port;

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts {@code facesearch-server serve} on a free port and waits until it listens. */
  public static ServerProcess start(Path data, Path log) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "--add-modules=jdk.incubator.vector",
                    "--enable-native-access=ALL-UNNAMED",
                    "-Xmx512m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    "dev.facesearch.server.Main",
                    "serve",
                    "--port",
                    "0",
                    "--metrics-port",
                    "-1",
                    "--data",
                    data.toString()))
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("server-stdout")
        .start(() -> {
          try (BufferedReader out =
              new BufferedReader(
                  new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
              Matcher m = LISTENING.matcher(line);
              if (m.find()) {
                port.complete(Integer.parseInt(m.group(1)));
              }
            }
          } catch (IOException e) {
            port.completeExceptionally(e);
          }
          port.completeExceptionally(new IOException("server exited before listening; see " + log));
        });
    try {
      return new ServerProcess(process, port.get(60, TimeUnit.SECONDS));
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IOException("server did not start; see " + log, e);
    }
  }

  public int port() {
    return port;
  }

  /** Kills the server with SIGKILL: no shutdown hook, no flush, no close. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops the server with SIGTERM, as an operator would, killing it if it hangs. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      kill();
    }
  }
}
