package dev.facesearch.client.cli;

import com.google.protobuf.ByteString;
import dev.facesearch.api.v1.AnalyzeFacesRequest;
import dev.facesearch.api.v1.AnalyzeFacesResponse;
import dev.facesearch.api.v1.AnalyzedFace;
import dev.facesearch.client.FaceSearchClient;
import dev.facesearch.client.evaluate.CrossValidation;
import dev.facesearch.client.evaluate.FaceChoice;
import dev.facesearch.client.evaluate.LfwImage;
import dev.facesearch.client.evaluate.LfwPair;
import dev.facesearch.client.evaluate.LfwPairs;
import dev.facesearch.client.evaluate.ScoredPair;
import dev.facesearch.client.evaluate.VerificationMetrics;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * LFW face verification: embeds every image of a pairs file once, scores each pair by distance, and
 * reports ten-fold accuracy, AUC, thresholds and TAR at a FAR, with an ROC chart and a JSON report.
 */
@Command(
    name = "verification",
    mixinStandardHelpOptions = true,
    description = {
      "LFW verification: accuracy, AUC, TAR at FAR, an ROC chart.",
      "pairs.txt holds folds of matched and mismatched pairs; the images are",
      "DIR/<Name>/<Name>_NNNN.jpg or DIR/<Name>_NNNN.jpg.",
      "Each fold is scored with the threshold of highest accuracy on the other",
      "folds. A pair with an image without a face is scored as distance 4.",
      "Exit status 1 if the server refused some images."
    })
final class EvaluateVerificationCommand implements Callable<Integer> {
  /** The distance a pair gets when one of its images has no face: the largest there is. */
  static final double NO_FACE_DISTANCE = 4;

  @Spec CommandSpec spec;

  @Option(names = "--pairs", required = true, paramLabel = "pairs.txt", description = "The pairs.")
  Path pairsFile;

  @Option(names = "--images", required = true, paramLabel = "DIR", description = "The images.")
  Path images;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  EvaluateCommand.ModelChoice modelChoice;

  @Option(
      names = "--face",
      defaultValue = "central",
      converter = EvaluateCommand.FaceChoiceConverter.class,
      description =
          "Which face of a photo is its person: central (default, as LFW crops) or largest.")
  FaceChoice face;

  @Option(
      names = "--parallel",
      defaultValue = "4",
      description = "Images in flight at once (default ${DEFAULT-VALUE}).")
  int parallel;

  @Option(
      names = "--far",
      defaultValue = "1e-3",
      description = "The false accept rate to report the true accept rate at (default 1e-3).")
  double far;

  @Option(
      names = "--threshold",
      description =
          "Also report the accuracy at this fixed threshold (e.g. one from pairsDevTrain).")
  Double threshold;

  @Option(
      names = "--roc",
      defaultValue = "roc.png",
      paramLabel = "FILE.png",
      description = "Where to draw the ROC curve (default ${DEFAULT-VALUE}).")
  Path roc;

  @Option(
      names = "--report",
      defaultValue = "verification-report.json",
      paramLabel = "FILE.json",
      description = "Where to write the full report (default ${DEFAULT-VALUE}).")
  Path report;

  @Option(
      names = "--cache",
      paramLabel = "FILE.csv",
      description = "Keep embeddings here between runs; only new images are sent to the server.")
  Path cache;

  /**
   * What one image gave.
   *
   * @param embedding the chosen face's embedding; empty when no face was found or on failure
   * @param failure why the server refused the image, or null
   */
  record Analysis(Optional<float[]> embedding, String failure) {}

  @Override
  public Integer call() {
    if (parallel < 1 || parallel > 256) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--parallel must be 1 to 256, got " + parallel);
    }
    if (!(far > 0 && far <= 1)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--far must be in (0, 1]");
    }
    FaceSearchCli cli = FaceSearchCli.root(spec);
    long started = System.nanoTime();
    LfwPairs pairs = readPairs();
    Map<LfwImage, Path> files = locate(pairs);
    EvaluateCommand.ModelChoice model = EvaluateCommand.ModelChoice.orDefault(modelChoice);
    AtomicReference<String> modelName = new AtomicReference<>();
    Map<LfwImage, Analysis> analyses = embed(cli, model, files, modelName);

    List<List<ScoredPair>> folds = new ArrayList<>();
    List<ScoredPair> all = new ArrayList<>();
    int noFacePairs = 0;
    for (int f = 0; f < pairs.folds(); f++) {
      List<ScoredPair> fold = new ArrayList<>();
      for (LfwPair pair : pairs.fold(f)) {
        Optional<float[]> a = analyses.get(pair.first()).embedding();
        Optional<float[]> b = analyses.get(pair.second()).embedding();
        if (a.isEmpty() || b.isEmpty()) {
          noFacePairs++;
        }
        double distance =
            a.isPresent() && b.isPresent() ? squaredL2(a.get(), b.get()) : NO_FACE_DISTANCE;
        fold.add(new ScoredPair(distance, pair.same()));
      }
      folds.add(fold);
      all.addAll(fold);
    }
    if (all.stream().allMatch(ScoredPair::same) || all.stream().noneMatch(ScoredPair::same)) {
      throw new CliException(
          ExitCode.LOCAL_INPUT, pairsFile + " needs both matched and mismatched pairs");
    }

    double bestAll = VerificationMetrics.bestThreshold(all);
    VerificationReport result =
        new VerificationReport(
            pairsFile.toString(),
            images.toString(),
            modelName.get() != null ? modelName.get() : model.describe(),
            model.collection,
            EvaluateCommand.lower(face),
            pairs,
            analyses,
            noFacePairs,
            CrossValidation.run(folds),
            bestAll,
            VerificationMetrics.accuracy(all, bestAll),
            threshold == null
                ? Optional.empty()
                : Optional.of(
                    new VerificationReport.Fixed(
                        threshold, VerificationMetrics.accuracy(all, threshold))),
            VerificationMetrics.auc(all),
            VerificationMetrics.tarAtFar(all, far),
            VerificationMetrics.roc(all),
            roc.toString(),
            (System.nanoTime() - started) / 1e9);
    write(result);
    PrintWriter out = spec.commandLine().getOut();
    if (cli.json()) {
      Output.json(out, result.toJson());
    } else {
      result.print(out);
      out.println("wrote " + roc + " and " + report);
    }
    return result.failedImages().isEmpty() ? ExitCode.OK : ExitCode.REFUSED;
  }

  private LfwPairs readPairs() {
    try {
      return LfwPairs.read(pairsFile);
    } catch (NoSuchFileException e) {
      throw new CliException(ExitCode.LOCAL_INPUT, "cannot read " + pairsFile + ": no such file");
    } catch (IOException e) {
      throw new CliException(
          ExitCode.LOCAL_INPUT, "cannot read " + pairsFile + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.LOCAL_INPUT, e.getMessage());
    }
  }

  /** Finds every image before the long part starts, so a wrong folder fails at once. */
  private Map<LfwImage, Path> locate(LfwPairs pairs) {
    if (!Files.isDirectory(images)) {
      throw new CliException(ExitCode.LOCAL_INPUT, images + " is not a folder");
    }
    Map<LfwImage, Path> files = new LinkedHashMap<>();
    List<LfwImage> missing = new ArrayList<>();
    for (LfwImage image : pairs.images()) {
      image.find(images).ifPresentOrElse(path -> files.put(image, path), () -> missing.add(image));
    }
    if (!missing.isEmpty()) {
      throw new CliException(
          ExitCode.LOCAL_INPUT,
          missing.size()
              + " of the "
              + (files.size() + missing.size())
              + " images of "
              + pairsFile
              + " are not in "
              + images
              + ", e.g. "
              + missing.getFirst().candidates(images).getFirst());
    }
    return files;
  }

  private Map<LfwImage, Analysis> embed(
      FaceSearchCli cli,
      EvaluateCommand.ModelChoice model,
      Map<LfwImage, Path> files,
      AtomicReference<String> modelName) {
    Map<LfwImage, Analysis> analyses = new LinkedHashMap<>();
    try (EmbeddingCache stored =
        cache == null
            ? null
            : EmbeddingCache.open(
                cache, model.describe() + " face=" + EvaluateCommand.lower(face))) {
      List<LfwImage> todo = new ArrayList<>();
      for (LfwImage image : files.keySet()) {
        Optional<Optional<float[]>> cached =
            stored == null ? Optional.empty() : stored.get(image.id());
        cached.ifPresentOrElse(
            embedding -> analyses.put(image, new Analysis(embedding, null)), () -> todo.add(image));
      }
      PrintWriter err = spec.commandLine().getErr();
      if (!analyses.isEmpty()) {
        err.println(analyses.size() + " of " + files.size() + " images' embeddings from " + cache);
      }
      if (todo.isEmpty()) {
        return analyses;
      }
      Progress progress = Progress.counting(err, "images embedded", todo.size());
      try (FaceSearchClient client = cli.connect()) {
        List<Analysis> computed =
            Parallel.map(
                todo,
                parallel,
                "evaluate-embed",
                image -> analyze(client, model, image, files.get(image), stored, modelName),
                progress::step);
        for (int i = 0; i < todo.size(); i++) {
          analyses.put(todo.get(i), computed.get(i));
        }
      }
      progress.finish();
    }
    return analyses;
  }

  private Analysis analyze(
      FaceSearchClient client,
      EvaluateCommand.ModelChoice model,
      LfwImage image,
      Path file,
      EmbeddingCache stored,
      AtomicReference<String> modelName) {
    AnalyzeFacesRequest.Builder request =
        AnalyzeFacesRequest.newBuilder().setImage(ByteString.copyFrom(ImageFiles.read(file)));
    if (model.collection != null) {
      request.setCollection(model.collection);
    } else {
      request.setEmbeddingModel(model.model());
    }
    AnalyzeFacesResponse response;
    try {
      response = client.analyzeFaces(request.build());
    } catch (StatusRuntimeException e) {
      // A bad image is this image's problem; anything else (unknown model, server down) stops all.
      if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
        return new Analysis(Optional.empty(), String.valueOf(e.getStatus().getDescription()));
      }
      throw e;
    }
    modelName.compareAndSet(null, response.getEmbeddingModel());
    Optional<float[]> embedding = Optional.empty();
    if (response.getFacesCount() > 0) {
      List<FaceChoice.Box> boxes =
          response.getFacesList().stream()
              .map(AnalyzedFace::getBox)
              .map(b -> new FaceChoice.Box(b.getX(), b.getY(), b.getWidth(), b.getHeight()))
              .toList();
      int chosen = face.pick(boxes, response.getImageWidth(), response.getImageHeight());
      List<Float> values = response.getFaces(chosen).getEmbedding().getValuesList();
      float[] vector = new float[values.size()];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = values.get(i);
      }
      embedding = Optional.of(vector);
    }
    if (stored != null) {
      stored.put(image.id(), embedding);
    }
    return new Analysis(embedding, null);
  }

  private void write(VerificationReport result) {
    try {
      result.writeChart(roc);
    } catch (IOException | RuntimeException e) {
      throw new CliException(ExitCode.LOCAL_INPUT, "cannot write " + roc + ": " + e.getMessage());
    }
    try {
      Files.writeString(report, Output.pretty(result.toJson()) + System.lineSeparator());
    } catch (IOException e) {
      throw new CliException(
          ExitCode.LOCAL_INPUT, "cannot write " + report + ": " + e.getMessage());
    }
  }

  /** The squared L2 distance of two unit embeddings, in [0, 4]. */
  static double squaredL2(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalStateException("embeddings of " + a.length + " and " + b.length + " values");
    }
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = (double) a[i] - b[i];
      sum += d * d;
    }
    return sum;
  }
}
