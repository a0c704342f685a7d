package dev.facesearch.client.cli;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.facesearch.api.v1.Collection;
import dev.facesearch.client.FaceSearchClient;
import dev.facesearch.client.cli.EnrollTally.Outcome;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Enrolls a folder of photos laid out as {@code DIR/<person>/<image>}, each image under its
 * person's name, several at a time, skipping what is already enrolled; ends with a summary and a
 * report of the problem files.
 */
@Command(
    name = "enroll",
    mixinStandardHelpOptions = true,
    description = {
      "Enrolls the photos of DIR/<person>/<image>: each image's face under the person folder's"
          + " name.",
      "Images already enrolled for their person (same bytes) are skipped without a call, so an"
          + " interrupted run can simply be started again.",
      "Progress goes to standard error; the summary (or --json) to standard output. Files with a"
          + " problem (no face, several faces, errors) are listed in a TSV report.",
      "Exit status 0 when no image failed (images without a face are not failures), 1 when some"
          + " images failed, 3 when the server stopped answering (after the summary so far)."
    })
final class EnrollCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "The folder of person folders.")
  Path dir;

  @Option(
      names = {"-c", "--collection"},
      required = true,
      description = "The collection.")
  String collection;

  @Option(
      names = "--parallel",
      defaultValue = "4",
      paramLabel = "N",
      description = "Enroll calls in flight at once (default ${DEFAULT-VALUE}).")
  int parallel;

  @Option(
      names = "--batch",
      defaultValue = "10",
      paramLabel = "N",
      description =
          "Images of one person sent in one Enroll call, 1 to 100 (default ${DEFAULT-VALUE}): they"
              + " share one durable commit on the server, several times faster than one call per"
              + " image; each still gets its own outcome.")
  int batch;

  @Option(
      names = "--reject-multiple",
      description =
          "Enroll nothing from an image with several faces (default: enroll its largest face).")
  boolean rejectMultiple;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description =
          "Where to list the problem files (path, outcome, detail; TSV). Default: when there are"
              + " any, enroll-report-<time>.tsv in the current folder.")
  Path report;

  @Option(
      names = "--progress",
      paramLabel = "bar|lines|none",
      description =
          "How progress is shown on standard error (default: a bar on a terminal, else lines).")
  String progress;

  @Option(
      names = "--progress-interval",
      defaultValue = "5s",
      paramLabel = "DURATION",
      converter = FaceSearchCli.DurationConverter.class,
      description =
          "Time between progress lines (default ${DEFAULT-VALUE}); also every 1000 images.")
  Duration progressInterval;

  @Mixin DetectionOptions detection;

  @Override
  public Integer call() {
    FaceSearchCli cli = FaceSearchCli.root(spec);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (parallel < 1 || parallel > 256) {
      throw new CliException(ExitCode.USAGE, "--parallel must be from 1 to 256: " + parallel);
    }
    if (batch < 1 || batch > FolderEnroller.MAX_BATCH) {
      throw new CliException(
          ExitCode.USAGE, "--batch must be from 1 to " + FolderEnroller.MAX_BATCH + ": " + batch);
    }
    Progress.Mode mode = progressMode();
    List<ImageFiles.PersonImage> images = ImageFiles.byPerson(dir);
    long people = images.stream().map(ImageFiles.PersonImage::person).distinct().count();
    EnrollTally tally = new EnrollTally(images.size());
    long started = System.nanoTime();
    Optional<StatusRuntimeException> stopped;
    try (FaceSearchClient client = cli.connect()) {
      checkCollection(client);
      if (mode != Progress.Mode.NONE) {
        err.printf(
            "enrolling %d images of %d people into %s, %d calls at a time of up to %d images%n",
            images.size(), people, collection, parallel, batch);
      }
      FolderEnroller enroller =
          new FolderEnroller(
              client,
              new FolderEnroller.Settings(
                  collection, detection.settings(), rejectMultiple, parallel, batch),
              tally);
      Progress shown =
          Progress.start(mode, err, "images", images.size(), tally::done, progressInterval);
      try {
        stopped = enroller.run(images);
      } finally {
        shown.close();
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Optional<Path> written = writeReport(tally);
    if (cli.json()) {
      Output.json(out, json(tally, people, seconds, written, stopped));
    } else {
      text(out, tally, people, seconds, written);
    }
    if (stopped.isPresent()) {
      throw stopped.get();
    }
    return tally.count(Outcome.ERROR) == 0 ? ExitCode.OK : ExitCode.REFUSED;
  }

  private Progress.Mode progressMode() {
    if (progress == null) {
      return Progress.Mode.auto();
    }
    return switch (progress.strip().toLowerCase(Locale.ROOT)) {
      case "bar" -> Progress.Mode.BAR;
      case "lines" -> Progress.Mode.LINES;
      case "none" -> Progress.Mode.NONE;
      default ->
          throw new CliException(
              ExitCode.USAGE, "--progress must be bar, lines or none: " + progress);
    };
  }

  /** Fails early, with one line, when the collection cannot take images. */
  private void checkCollection(FaceSearchClient client) {
    Collection c = client.getCollection(collection);
    if (c.getEmbeddingModel().equals("external")) {
      throw new CliException(
          ExitCode.REFUSED,
          "collection "
              + collection
              + " holds embeddings computed elsewhere and takes no images; use enroll-embeddings");
    }
  }

  private Optional<Path> writeReport(EnrollTally tally) {
    List<EnrollTally.Problem> problems = tally.problems();
    if (report == null && problems.isEmpty()) {
      return Optional.empty();
    }
    Path file =
        report != null
            ? report
            : Path.of(
                "enroll-report-"
                    + LocalDateTime.now()
                        .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT))
                    + ".tsv");
    try (Writer w = Files.newBufferedWriter(file)) {
      w.write("path\toutcome\tdetail\n");
      for (EnrollTally.Problem p : problems) {
        w.write(tsv(p.file().toString()) + "\t" + p.outcome() + "\t" + tsv(p.detail()) + "\n");
      }
    } catch (IOException e) {
      spec.commandLine()
          .getErr()
          .println("facesearch: cannot write the report " + file + ": " + e.getMessage());
      return Optional.empty();
    }
    return Optional.of(file);
  }

  /** A TSV field: tabs and line breaks would split it. */
  private static String tsv(String value) {
    return value.replaceAll("[\\t\\r\\n]+", " ");
  }

  private void text(
      PrintWriter out, EnrollTally tally, long people, double seconds, Optional<Path> written) {
    out.printf(
        Locale.ROOT,
        "%d images of %d people: %d faces enrolled in %.1f s (%.1f images/s)%n",
        tally.total(),
        people,
        tally.facesEnrolled(),
        seconds,
        tally.done() / seconds);
    for (Outcome outcome : Outcome.values()) {
      if (outcome
          == (rejectMultiple ? Outcome.SEVERAL_FACES_LARGEST_ENROLLED : Outcome.MULTIPLE_FACES)) {
        continue;
      }
      out.printf("  %-34s %d%n", outcome.label(), tally.count(outcome));
    }
    if (tally.done() < tally.total()) {
      out.printf("  %-34s %d%n", "not done (run stopped)", tally.total() - tally.done());
    }
    written.ifPresent(file ->
        out.println("report: " + file + " (" + tally.problems().size() + " files to check)"));
  }

  private JsonObject json(
      EnrollTally tally,
      long people,
      double seconds,
      Optional<Path> written,
      Optional<StatusRuntimeException> stopped) {
    JsonObject summary = new JsonObject();
    summary.addProperty("folder", dir.toString());
    summary.addProperty("collection", collection);
    summary.addProperty("people", people);
    summary.addProperty("images", tally.total());
    summary.addProperty("faces_enrolled", tally.facesEnrolled());
    for (Outcome outcome : Outcome.values()) {
      summary.addProperty(outcome.name().toLowerCase(Locale.ROOT), tally.count(outcome));
    }
    summary.addProperty("not_done", tally.total() - tally.done());
    summary.addProperty("enroll_calls", tally.enrollCalls());
    summary.addProperty("seconds", seconds);
    summary.addProperty("images_per_second", tally.done() / seconds);
    summary.add(
        "report",
        written
            .<com.google.gson.JsonElement>map(f -> new JsonPrimitive(f.toString()))
            .orElse(JsonNull.INSTANCE));
    stopped.ifPresent(e -> {
      Status s = e.getStatus();
      summary.addProperty(
          "stopped", s.getCode() + (s.getDescription() == null ? "" : ": " + s.getDescription()));
    });
    return summary;
  }
}
