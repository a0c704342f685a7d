package dev.facesearch.client.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * What a batch over images did: how many images and faces, which images had no face, which failed.
 * Printed as a few lines for people or one JSON document; the text form counts the failures, which
 * the commands report on stderr one line each as they happen.
 */
final class BatchSummary {
  private final long started = System.nanoTime();
  private int images;
  private int faces;
  private final List<String> noFace = new ArrayList<>();
  private final List<String[]> errors = new ArrayList<>();

  void image() {
    images++;
  }

  void faces(int count) {
    faces += count;
  }

  void noFace(String relative) {
    noFace.add(relative);
  }

  /** Records a failed image and reports it on {@code err}. */
  void error(PrintWriter err, String relative, String message) {
    errors.add(new String[] {relative, message});
    err.println("facesearch: " + relative + ": " + message);
  }

  int exitCode() {
    return errors.isEmpty() ? ExitCode.OK : ExitCode.REFUSED;
  }

  /**
   * Prints the summary.
   *
   * @param facesWhat what the faces became, e.g. "chips written to out/"
   * @param extra more properties of the JSON document (output, model)
   */
  void print(PrintWriter out, boolean json, String facesWhat, JsonObject extra) {
    double seconds = (System.nanoTime() - started) / 1e9;
    if (json) {
      JsonObject summary = extra.deepCopy();
      summary.addProperty("images", images);
      summary.addProperty("faces", faces);
      JsonArray none = new JsonArray();
      noFace.forEach(none::add);
      summary.add("no_face", none);
      JsonArray failed = new JsonArray();
      for (String[] e : errors) {
        JsonObject entry = new JsonObject();
        entry.addProperty("file", e[0]);
        entry.addProperty("error", e[1]);
        failed.add(entry);
      }
      summary.add("errors", failed);
      summary.addProperty("seconds", seconds);
      Output.json(out, summary);
      return;
    }
    out.printf(
        "%d images: %d %s, %d without a face, %d failed (%.1f s)%n",
        images, faces, facesWhat, noFace.size(), errors.size(), seconds);
    if (!noFace.isEmpty()) {
      out.println("no face: " + String.join(", ", noFace));
    }
  }
}
