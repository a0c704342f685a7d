package dev.facesearch.client.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.facesearch.api.v1.Candidate;
import dev.facesearch.api.v1.Collection;
import dev.facesearch.api.v1.CreateCollectionRequest;
import dev.facesearch.api.v1.EnrollOutcome;
import dev.facesearch.api.v1.EnrollRequest;
import dev.facesearch.api.v1.EnrollResult;
import dev.facesearch.api.v1.FaceResult;
import dev.facesearch.api.v1.IdentifyRequest;
import dev.facesearch.api.v1.IdentifyResponse;
import dev.facesearch.client.FaceSearchClient;
import dev.facesearch.client.evaluate.IdentificationSplit;
import dev.facesearch.client.evaluate.IdentificationTally;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Closed- and open-set identification on a folder of people: enrolls the first N images of each
 * person with more than N into a scratch collection, identifies the rest, and checks that the
 * images of people with N or fewer (not enrolled) come back unknown. The scratch collection is
 * deleted afterwards, also when the run fails or is interrupted.
 */
@Command(
    name = "identification",
    mixinStandardHelpOptions = true,
    description = {
      "Identification: top-1 accuracy and open-set rejection.",
      "Enrolls the first N images (by name) of each person of DIR/<person>/<image>",
      "with more than N into a scratch collection and identifies the others (their",
      "largest face). People with N or fewer images are not enrolled: their images",
      "should come back unknown. The scratch collection is deleted afterwards.",
      "Exit status 1 if the server refused some images."
    })
final class EvaluateIdentificationCommand implements Callable<Integer> {
  private static final int CONFUSIONS = 10;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "One folder per person.")
  Path dir;

  @Option(
      names = "--train-per-person",
      required = true,
      paramLabel = "N",
      description = "Images enrolled per person.")
  int trainPerPerson;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  EvaluateCommand.ModelChoice modelChoice;

  @Option(
      names = "--threshold",
      description = "Match threshold of the scratch collection (default: the model's, or -c's).")
  Float threshold;

  @Option(
      names = {"-k", "--top-k"},
      defaultValue = "5",
      description = "Candidates per probe (default ${DEFAULT-VALUE}).")
  int topK;

  @Option(
      names = "--parallel",
      defaultValue = "4",
      description = "Images in flight at once (default ${DEFAULT-VALUE}).")
  int parallel;

  /**
   * What one probe gave.
   *
   * @param person who it is
   * @param stranger whether that person is not enrolled
   * @param result the largest face's result, or null when no face was found or on failure
   * @param failure why the server refused the image, or null
   */
  private record Probe(String person, boolean stranger, FaceResult result, String failure) {}

  private record Image(String person, Path file, boolean stranger) {}

  @Override
  public Integer call() {
    if (trainPerPerson < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--train-per-person must be at least 1");
    }
    if (parallel < 1 || parallel > 256) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--parallel must be 1 to 256, got " + parallel);
    }
    FaceSearchCli cli = FaceSearchCli.root(spec);
    PrintWriter err = spec.commandLine().getErr();
    Map<String, List<Path>> byPerson = new LinkedHashMap<>();
    for (ImageFiles.PersonImage image : ImageFiles.byPerson(dir)) {
      byPerson.computeIfAbsent(image.person(), p -> new ArrayList<>()).add(image.file());
    }
    IdentificationSplit<Path> split = IdentificationSplit.of(byPerson, trainPerPerson);
    if (split.enroll().isEmpty()) {
      throw new CliException(
          ExitCode.LOCAL_INPUT,
          "no person in " + dir + " has more than " + trainPerPerson + " images to enroll");
    }
    long started = System.nanoTime();
    try (FaceSearchClient client = cli.connect()) {
      Collection collection = client.createCollection(scratchCollection(client));
      String name = collection.getName();
      AtomicBoolean deleted = new AtomicBoolean();
      Thread cleanup =
          new Thread(() -> deleteOnExit(cli, name, deleted), "evaluate-delete-" + name);
      Runtime.getRuntime().addShutdownHook(cleanup);
      try {
        List<String> failures = new ArrayList<>();
        int enrolledFaces = enroll(client, name, split, failures);
        List<Probe> probes = identify(client, name, split);
        IdentificationTally tally = new IdentificationTally();
        for (Probe probe : probes) {
          if (probe.failure() != null) {
            failures.add(probe.failure());
          }
          tally(tally, probe);
        }
        JsonObject summary = summary(collection, split, enrolledFaces, tally, failures, started);
        if (cli.json()) {
          Output.json(spec.commandLine().getOut(), summary);
        } else {
          print(spec.commandLine().getOut(), collection, split, enrolledFaces, tally, failures);
        }
        return failures.isEmpty() ? ExitCode.OK : ExitCode.REFUSED;
      } finally {
        if (deleted.compareAndSet(false, true)) {
          try {
            client.deleteCollection(name);
          } catch (StatusRuntimeException e) {
            err.println("facesearch: could not delete scratch collection " + name + ": " + e);
          }
        }
        try {
          Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
          // Already shutting down: the hook is running or has run.
        }
      }
    }
  }

  private CreateCollectionRequest scratchCollection(FaceSearchClient client) {
    EvaluateCommand.ModelChoice model = EvaluateCommand.ModelChoice.orDefault(modelChoice);
    CreateCollectionRequest.Builder request =
        CreateCollectionRequest.newBuilder()
            .setName("eval-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
    if (model.collection != null) {
      Collection like = client.getCollection(model.collection);
      request
          .setEmbeddingModel(like.getEmbeddingModel())
          .setMatchThreshold(like.getMatchThreshold())
          .setHnsw(like.getHnsw())
          .setDetection(like.getDetection());
    } else {
      request.setEmbeddingModel(model.model());
    }
    if (threshold != null) {
      request.setMatchThreshold(threshold);
    }
    return request.build();
  }

  /** Runs at exit when the command did not get to delete its collection (Ctrl-C). */
  private static void deleteOnExit(FaceSearchCli cli, String name, AtomicBoolean deleted) {
    if (!deleted.compareAndSet(false, true)) {
      return;
    }
    try (FaceSearchClient client = cli.connect()) {
      client.deleteCollection(name);
      System.err.println("facesearch: deleted scratch collection " + name);
    } catch (RuntimeException e) {
      System.err.println("facesearch: could not delete scratch collection " + name + ": " + e);
    }
  }

  /** Enrolls the training images one per call, in parallel; returns the faces enrolled. */
  private int enroll(
      FaceSearchClient client,
      String collection,
      IdentificationSplit<Path> split,
      List<String> failures) {
    List<Image> images = new ArrayList<>();
    split
        .enroll()
        .forEach((person, files) -> files.forEach(f -> images.add(new Image(person, f, false))));
    Progress progress =
        Progress.counting(spec.commandLine().getErr(), "images enrolled", images.size());
    List<String> outcomes =
        Parallel.map(
            images,
            parallel,
            "evaluate-enroll",
            image -> {
              try {
                EnrollOutcome outcome =
                    client
                        .enroll(
                            EnrollRequest.newBuilder()
                                .setCollection(collection)
                                .setSubjectId(image.person())
                                .addInputs(FaceSearchClient.image(ImageFiles.read(image.file())))
                                .build())
                        .getOutcomes(0);
                return outcome.getResult() == EnrollResult.ENROLL_RESULT_NO_FACE ? "no face" : "";
              } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                  return image.file() + ": " + e.getStatus().getDescription();
                }
                throw e;
              }
            },
            progress::step);
    progress.finish();
    int faces = 0;
    for (String outcome : outcomes) {
      if (outcome.isEmpty()) {
        faces++;
      } else if (!outcome.equals("no face")) {
        failures.add(outcome);
      }
    }
    return faces;
  }

  private List<Probe> identify(
      FaceSearchClient client, String collection, IdentificationSplit<Path> split) {
    List<Image> images = new ArrayList<>();
    split
        .probes()
        .forEach((person, files) -> files.forEach(f -> images.add(new Image(person, f, false))));
    split
        .strangers()
        .forEach((person, files) -> files.forEach(f -> images.add(new Image(person, f, true))));
    Progress progress =
        Progress.counting(spec.commandLine().getErr(), "images identified", images.size());
    List<Probe> probes =
        Parallel.map(
            images,
            parallel,
            "evaluate-identify",
            image -> {
              try {
                IdentifyResponse response =
                    client.identify(
                        IdentifyRequest.newBuilder()
                            .setCollection(collection)
                            .setInput(FaceSearchClient.image(ImageFiles.read(image.file())))
                            .setTopK(topK)
                            .build());
                // Results come largest face first: the largest is the photo's subject.
                FaceResult largest =
                    response.getResultsCount() == 0 ? null : response.getResults(0);
                return new Probe(image.person(), image.stranger(), largest, null);
              } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                  return new Probe(
                      image.person(),
                      image.stranger(),
                      null,
                      image.file() + ": " + e.getStatus().getDescription());
                }
                throw e;
              }
            },
            progress::step);
    progress.finish();
    return probes;
  }

  private static void tally(IdentificationTally tally, Probe probe) {
    if (probe.result() == null) {
      if (probe.stranger()) {
        tally.strangerWithoutFace();
      } else {
        tally.probeWithoutFace();
      }
    } else if (probe.stranger()) {
      tally.stranger(probe.result().getKnown());
    } else {
      tally.probe(
          probe.person(),
          probe.result().getCandidatesList().stream().map(Candidate::getSubjectId).toList(),
          probe.result().getKnown());
    }
  }

  private void print(
      PrintWriter out,
      Collection collection,
      IdentificationSplit<Path> split,
      int enrolledFaces,
      IdentificationTally tally,
      List<String> failures) {
    out.printf(
        Locale.ROOT,
        "scratch collection %s: model %s, match threshold %.4f (deleted afterwards)%n",
        collection.getName(),
        collection.getEmbeddingModel(),
        collection.getMatchThreshold());
    out.printf(
        Locale.ROOT,
        "enrolled: %d people, %d images, %d faces; not enrolled (%d or fewer images): %d people%n",
        split.enroll().size(),
        split.enrollCount(),
        enrolledFaces,
        trainPerPerson,
        split.strangers().size());
    out.printf(
        Locale.ROOT,
        "enrolled people's probes: %d; top-1 %s (%d), top-%d %s, accepted as the right person %s,"
            + " as someone else %d, no face %d%n",
        tally.probes(),
        rate(tally.top1Accuracy()),
        tally.top1(),
        topK,
        rate(ratio(tally.topK(), tally.probes())),
        rate(ratio(tally.acceptedRight(), tally.probes())),
        tally.acceptedWrong(),
        tally.probesWithoutFace());
    if (tally.strangers() == 0) {
      out.println("not enrolled people's probes: none, no open-set rates");
    } else {
      out.printf(
          Locale.ROOT,
          "not enrolled people's probes: %d; rejected as unknown %s (%d), false accepts %s (%d),"
              + " no face %d%n",
          tally.strangers(),
          rate(tally.rejectionRate()),
          tally.strangersRejected(),
          rate(tally.falseAcceptRate()),
          tally.strangersAccepted(),
          tally.strangersWithoutFace());
    }
    List<IdentificationTally.Confusion> confusions = tally.confusions(CONFUSIONS);
    if (!confusions.isEmpty()) {
      out.println("most confused (true -> predicted as top candidate):");
      for (IdentificationTally.Confusion c : confusions) {
        out.printf(Locale.ROOT, "  %3d  %s -> %s%n", c.count(), c.truth(), c.predicted());
      }
    }
    for (String failure : failures) {
      out.println("refused: " + failure);
    }
  }

  private JsonObject summary(
      Collection collection,
      IdentificationSplit<Path> split,
      int enrolledFaces,
      IdentificationTally tally,
      List<String> failures,
      long started) {
    JsonObject json = new JsonObject();
    json.addProperty("collection", collection.getName());
    json.addProperty("model", collection.getEmbeddingModel());
    json.addProperty("match_threshold", collection.getMatchThreshold());
    json.addProperty("train_per_person", trainPerPerson);
    json.addProperty("top_k", topK);
    JsonObject enrolled = new JsonObject();
    enrolled.addProperty("people", split.enroll().size());
    enrolled.addProperty("images", split.enrollCount());
    enrolled.addProperty("faces", enrolledFaces);
    json.add("enrolled", enrolled);
    JsonObject probes = new JsonObject();
    probes.addProperty("images", tally.probes());
    probes.addProperty("top1", tally.top1());
    add(probes, "top1_accuracy", tally.top1Accuracy());
    probes.addProperty("top_k_hits", tally.topK());
    add(probes, "top_k_accuracy", ratio(tally.topK(), tally.probes()));
    probes.addProperty("accepted_right", tally.acceptedRight());
    probes.addProperty("accepted_wrong", tally.acceptedWrong());
    probes.addProperty("without_face", tally.probesWithoutFace());
    json.add("probes", probes);
    JsonObject strangers = new JsonObject();
    strangers.addProperty("people", split.strangers().size());
    strangers.addProperty("images", tally.strangers());
    strangers.addProperty("rejected", tally.strangersRejected());
    strangers.addProperty("accepted", tally.strangersAccepted());
    strangers.addProperty("without_face", tally.strangersWithoutFace());
    add(strangers, "rejection_rate", tally.rejectionRate());
    add(strangers, "false_accept_rate", tally.falseAcceptRate());
    json.add("strangers", strangers);
    JsonArray confusions = new JsonArray();
    for (IdentificationTally.Confusion c : tally.confusions(CONFUSIONS)) {
      JsonObject entry = new JsonObject();
      entry.addProperty("truth", c.truth());
      entry.addProperty("predicted", c.predicted());
      entry.addProperty("count", c.count());
      confusions.add(entry);
    }
    json.add("confusions", confusions);
    JsonArray refused = new JsonArray();
    failures.forEach(refused::add);
    json.add("refused", refused);
    json.addProperty("seconds", (System.nanoTime() - started) / 1e9);
    return json;
  }

  private static void add(JsonObject json, String key, OptionalDouble value) {
    if (value.isPresent()) {
      json.addProperty(key, value.getAsDouble());
    } else {
      json.add(key, JsonNull.INSTANCE);
    }
  }

  private static OptionalDouble ratio(int part, int whole) {
    return whole == 0 ? OptionalDouble.empty() : OptionalDouble.of(part / (double) whole);
  }

  private static String rate(OptionalDouble value) {
    return value.isPresent() ? String.format(Locale.ROOT, "%.4f", value.getAsDouble()) : "n/a";
  }
}
