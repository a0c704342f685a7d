package dev.facesearch.client.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.facesearch.client.evaluate.CrossValidation;
import dev.facesearch.client.evaluate.LfwImage;
import dev.facesearch.client.evaluate.LfwPair;
import dev.facesearch.client.evaluate.LfwPairs;
import dev.facesearch.client.evaluate.RocChart;
import dev.facesearch.client.evaluate.RocPoint;
import dev.facesearch.client.evaluate.TarAtFar;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The results of a verification run, as text for people, JSON for programs and an ROC chart.
 *
 * @param pairsFile the pairs file
 * @param images the images folder
 * @param model the embedding model the server used
 * @param collection the collection whose settings were used, or null
 * @param face how the face of each photo was chosen
 * @param pairs the pairs
 * @param analyses what each image gave
 * @param noFacePairs pairs scored as distance 4 because an image had no face (or failed)
 * @param folds the cross-validation
 * @param thresholdAll the threshold of highest accuracy over all pairs
 * @param accuracyAll the accuracy over all pairs at thresholdAll (tuned on them: optimistic)
 * @param fixed the accuracy at a threshold given on the command line
 * @param auc the area under the ROC curve
 * @param tarAtFar the true accept rate at the chosen false accept rate
 * @param roc the ROC curve's corners
 * @param rocPng where the chart goes
 * @param seconds how long the run took
 */
record VerificationReport(
    String pairsFile,
    String images,
    String model,
    String collection,
    String face,
    LfwPairs pairs,
    Map<LfwImage, EvaluateVerificationCommand.Analysis> analyses,
    int noFacePairs,
    CrossValidation.Result folds,
    double thresholdAll,
    double accuracyAll,
    Optional<Fixed> fixed,
    double auc,
    TarAtFar tarAtFar,
    List<RocPoint> roc,
    String rocPng,
    double seconds) {

  /**
   * The accuracy at a threshold chosen elsewhere.
   *
   * @param threshold the threshold
   * @param accuracy over all pairs
   */
  record Fixed(double threshold, double accuracy) {}

  private static final int CHART_WIDTH = 800;
  private static final int CHART_HEIGHT = 600;

  long matched() {
    return pairs.pairs().stream().filter(LfwPair::same).count();
  }

  long mismatched() {
    return pairs.pairs().size() - matched();
  }

  List<String> imagesWithoutFace() {
    return analyses.entrySet().stream()
        .filter(e -> e.getValue().failure() == null && e.getValue().embedding().isEmpty())
        .map(e -> e.getKey().id())
        .toList();
  }

  List<String> failedImages() {
    return analyses.entrySet().stream()
        .filter(e -> e.getValue().failure() != null)
        .map(e -> e.getKey().id() + ": " + e.getValue().failure())
        .toList();
  }

  void writeChart(Path file) throws IOException {
    String title =
        String.format(
            Locale.ROOT,
            "ROC of %s on %d pairs: AUC %.4f, accuracy %.4f \u00b1 %.4f",
            model,
            pairs.pairs().size(),
            auc,
            folds.meanAccuracy(),
            folds.stdAccuracy());
    RocChart.Mark mark =
        new RocChart.Mark(
            new RocPoint(tarAtFar.threshold(), tarAtFar.far(), tarAtFar.tar()),
            String.format(
                Locale.ROOT,
                "TAR %.4f at FAR %s (threshold %.3f)",
                tarAtFar.tar(),
                farText(tarAtFar.targetFar()),
                tarAtFar.threshold()));
    RocChart.write(file, CHART_WIDTH, CHART_HEIGHT, roc, title, Optional.of(mark));
  }

  void print(PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "pairs: %d (%d matched, %d mismatched) in %d fold%s; %d images, model %s%s, face %s%n",
        pairs.pairs().size(),
        matched(),
        mismatched(),
        pairs.folds(),
        pairs.folds() == 1 ? "" : "s",
        analyses.size(),
        model,
        collection == null ? "" : " (collection " + collection + ")",
        face);
    List<String> noFace = imagesWithoutFace();
    if (!noFace.isEmpty() || noFacePairs > 0) {
      out.printf(
          Locale.ROOT,
          "no face: %d images%s; %d pairs scored as distance 4%n",
          noFace.size(),
          noFace.isEmpty() ? "" : " (" + abbreviate(noFace) + ")",
          noFacePairs);
    }
    List<String> failed = failedImages();
    if (!failed.isEmpty()) {
      out.printf("refused by the server: %d images (%s)%n", failed.size(), abbreviate(failed));
    }
    if (folds.selfTuned()) {
      out.printf(
          Locale.ROOT,
          "accuracy: %.4f (one fold: threshold tuned on the same pairs, optimistic)%n",
          folds.meanAccuracy());
    } else {
      out.printf(
          Locale.ROOT,
          "accuracy: %.4f \u00b1 %.4f (mean \u00b1 sample std, n-1, of %d fold accuracies;"
              + " standard error %.4f)%n",
          folds.meanAccuracy(),
          folds.stdAccuracy(),
          folds.folds().size(),
          folds.standardError());
    }
    out.printf(Locale.ROOT, "AUC: %.4f%n", auc);
    out.printf(
        Locale.ROOT,
        "threshold: %.4f (mean of the fold thresholds); %.4f chosen on all pairs (accuracy %.4f"
            + " there)%n",
        folds.meanThreshold(),
        thresholdAll,
        accuracyAll);
    fixed.ifPresent(f ->
        out.printf(Locale.ROOT, "at threshold %.4f: accuracy %.4f%n", f.threshold(), f.accuracy()));
    out.printf(
        Locale.ROOT,
        "TAR at FAR %s: %.4f (threshold %.4f; %d of %d mismatched pairs accepted, at most %d"
            + " allowed)%n",
        farText(tarAtFar.targetFar()),
        tarAtFar.tar(),
        tarAtFar.threshold(),
        tarAtFar.falseAccepts(),
        mismatched(),
        tarAtFar.allowedFalseAccepts());
    if (tarAtFar.allowedFalseAccepts() == 0) {
      out.printf(
          Locale.ROOT,
          "  (fewer than 1/FAR = %.0f mismatched pairs: no false accept at all is allowed)%n",
          1 / tarAtFar.targetFar());
    }
    out.println("fold  threshold  accuracy");
    for (CrossValidation.Fold fold : folds.folds()) {
      out.printf(
          Locale.ROOT, "%4d  %9.4f  %8.4f%n", fold.fold() + 1, fold.threshold(), fold.accuracy());
    }
    out.printf(Locale.ROOT, "took %s%n", Progress.duration(seconds));
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject();
    json.addProperty("pairs_file", pairsFile);
    json.addProperty("images", images);
    json.addProperty("model", model);
    if (collection != null) {
      json.addProperty("collection", collection);
    }
    json.addProperty("face", face);
    JsonObject counts = new JsonObject();
    counts.addProperty("folds", pairs.folds());
    counts.addProperty("pairs", pairs.pairs().size());
    counts.addProperty("matched", matched());
    counts.addProperty("mismatched", mismatched());
    counts.addProperty("distinct_images", analyses.size());
    counts.addProperty("pairs_scored_as_no_face", noFacePairs);
    json.add("counts", counts);
    json.add("images_without_face", strings(imagesWithoutFace()));
    json.add("images_refused", strings(failedImages()));

    JsonObject accuracy = new JsonObject();
    accuracy.addProperty("mean", folds.meanAccuracy());
    accuracy.addProperty("std", folds.stdAccuracy());
    accuracy.addProperty(
        "std_definition", "sample standard deviation (n-1) of the fold accuracies");
    accuracy.addProperty("standard_error", folds.standardError());
    accuracy.addProperty("self_tuned", folds.selfTuned());
    json.add("accuracy", accuracy);
    json.addProperty("auc", auc);
    JsonObject threshold = new JsonObject();
    threshold.addProperty("mean_of_folds", folds.meanThreshold());
    threshold.addProperty("all_pairs", thresholdAll);
    threshold.addProperty("accuracy_at_all_pairs", accuracyAll);
    json.add("threshold", threshold);
    fixed.ifPresent(f -> {
      JsonObject given = new JsonObject();
      given.addProperty("threshold", f.threshold());
      given.addProperty("accuracy", f.accuracy());
      json.add("fixed_threshold", given);
    });
    JsonObject tar = new JsonObject();
    tar.addProperty("target_far", tarAtFar.targetFar());
    tar.addProperty("tar", tarAtFar.tar());
    tar.addProperty("far", tarAtFar.far());
    tar.addProperty("threshold", tarAtFar.threshold());
    tar.addProperty("false_accepts", tarAtFar.falseAccepts());
    tar.addProperty("allowed_false_accepts", tarAtFar.allowedFalseAccepts());
    tar.addProperty(
        "method", "largest threshold accepting at most floor(FAR * mismatched) mismatched pairs");
    json.add("tar_at_far", tar);
    JsonArray foldArray = new JsonArray();
    for (CrossValidation.Fold fold : folds.folds()) {
      JsonObject f = new JsonObject();
      f.addProperty("fold", fold.fold() + 1);
      f.addProperty("threshold", fold.threshold());
      f.addProperty("accuracy", fold.accuracy());
      f.addProperty("pairs", fold.pairs());
      foldArray.add(f);
    }
    json.add("folds", foldArray);
    JsonArray points = new JsonArray();
    for (RocPoint p : roc) {
      JsonObject point = new JsonObject();
      point.addProperty("threshold", p.threshold());
      point.addProperty("far", p.far());
      point.addProperty("tar", p.tar());
      points.add(point);
    }
    json.add("roc", points);
    json.addProperty("roc_png", rocPng);
    json.addProperty("seconds", seconds);
    return json;
  }

  private static JsonArray strings(List<String> values) {
    JsonArray array = new JsonArray();
    values.forEach(array::add);
    return array;
  }

  private static String abbreviate(List<String> values) {
    return values.size() <= 5
        ? String.join(", ", values)
        : String.join(", ", values.subList(0, 5)) + ", ...";
  }

  private static String farText(double far) {
    return String.format(Locale.ROOT, "%.0e", far).replace("e-0", "e-");
  }
}
