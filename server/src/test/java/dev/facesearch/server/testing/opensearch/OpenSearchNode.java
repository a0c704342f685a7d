package dev.facesearch.server.testing.opensearch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One node of the test cluster: its own config, data and logs folders under {@code <root>/node-i},
 * the shared install, and its process, started and stopped by PID.
 *
 * <p>OpenSearch refuses to run as root; as root (CI), the node runs as nobody (65534) through
 * {@code setpriv}, and the cluster's folders are given to that user.
 */
final class OpenSearchNode {
  static final int NOBODY = 65534;

  private final int index;
  private final Path home;
  private final Path folder;
  private final Path javaHome;
  private final int httpPort;
  private Process process;

  OpenSearchNode(int index, Path home, Path folder, Path javaHome, int httpPort) {
    this.index = index;
    this.home = home;
    this.folder = folder;
    this.javaHome = javaHome;
    this.httpPort = httpPort;
  }

  String name() {
    return "node-" + index;
  }

  int httpPort() {
    return httpPort;
  }

  /** The node's data folder (its indexes' files). */
  Path dataFolder() {
    return folder.resolve("data");
  }

  /** Writes this node's config folder: the install's files plus its own opensearch.yml and heap. */
  void configure(
      String clusterName, int nodes, int baseHttpPort, int baseTransportPort, int heapMegabytes)
      throws IOException {
    Path config = folder.resolve("config");
    Files.createDirectories(config.resolve("jvm.options.d"));
    Files.createDirectories(dataFolder());
    Files.createDirectories(folder.resolve("logs"));
    for (String file : List.of("jvm.options", "log4j2.properties")) {
      Files.copy(home.resolve("config").resolve(file), config.resolve(file));
    }
    String seeds =
        IntStream.range(0, nodes)
            .mapToObj(i -> "\"127.0.0.1:" + (baseTransportPort + i) + "\"")
            .collect(Collectors.joining(", "));
    String managers =
        IntStream.range(0, nodes)
            .mapToObj(i -> "\"node-" + i + "\"")
            .collect(Collectors.joining(", "));
    Files.writeString(
        config.resolve("opensearch.yml"),
        String.join(
            "\n",
            "cluster.name: " + clusterName,
            "node.name: " + name(),
            "network.host: 127.0.0.1",
            "http.port: " + httpPort,
            "transport.port: " + (baseTransportPort + index),
            "discovery.seed_hosts: [" + seeds + "]",
            "cluster.initial_cluster_manager_nodes: [" + managers + "]",
            "path.data: " + dataFolder(),
            "path.logs: " + folder.resolve("logs"),
            // A shared CI disk may be fuller than the default watermarks allow.
            "cluster.routing.allocation.disk.threshold_enabled: false",
            // Tests wipe every facesearch-* index between cases.
            "action.destructive_requires_name: false",
            ""));
    Files.writeString(
        config.resolve("jvm.options.d/heap.options"),
        "-Xms" + heapMegabytes + "m\n-Xmx" + heapMegabytes + "m\n");
  }

  /** Starts the node's process; it joins the cluster in the background. */
  synchronized void start() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name() + " is running");
    }
    List<String> command = new ArrayList<>();
    if (runningAsRoot()) {
      command.addAll(
          List.of(
              "setpriv",
              "--reuid=" + NOBODY,
              "--regid=" + NOBODY,
              "--clear-groups",
              // Keep the limits and environment; only the user changes.
              "--"));
    }
    command.add(home.resolve("bin/opensearch").toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(folder.toFile())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(folder.resolve("console.log").toFile()));
    builder.environment().put("OPENSEARCH_JAVA_HOME", javaHome.toString());
    builder.environment().put("OPENSEARCH_PATH_CONF", folder.resolve("config").toString());
    builder.environment().remove("OPENSEARCH_JAVA_OPTS");
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    process = builder.start();
  }

  /** Stops the node by PID: SIGTERM, then SIGKILL after the grace. Idempotent. */
  synchronized void stop(long graceSeconds) throws InterruptedException {
    if (process == null) {
      return;
    }
    // bin/opensearch execs java, so the PID is the node's; children are stopped all the same.
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    for (ProcessHandle child : children) {
      child.destroyForcibly();
    }
    process = null;
  }

  /** Kills the node at once (SIGKILL): a crash, not a shutdown. */
  synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      process = null;
    }
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  /** The end of the node's console output, for failure messages. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(folder.resolve("console.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no console log: " + e + ")";
    }
  }

  static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }
}
