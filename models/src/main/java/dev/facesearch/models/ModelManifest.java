package dev.facesearch.models;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.List;

/**
 * {@code models.json}: for each model its file, checksum and card. The server reads it to find and
 * check the files, and to learn each model's input, outputs and alignment.
 *
 * @param format version of this file's layout
 * @param recipe identifies the converters and sources that made the files; a build whose recipe
 *     matches and whose files match their checksums has nothing to do
 * @param models the models
 */
public record ModelManifest(int format, String recipe, List<Entry> models) {
  public static final int FORMAT = 1;
  public static final String FILE_NAME = "models.json";

  private static final Gson GSON =
      new GsonBuilder()
          .setPrettyPrinting()
          .disableHtmlEscaping()
          .serializeNulls()
          .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
          .create();

  /**
   * One model.
   *
   * @param name its name
   * @param file its file, next to models.json
   * @param sha256 SHA-256 of the file
   * @param card what it is
   */
  public record Entry(String name, String file, String sha256, ModelCard card) {}

  public String toJson() {
    return GSON.toJson(this) + "\n";
  }

  public static ModelManifest fromJson(String json) {
    return GSON.fromJson(json, ModelManifest.class);
  }
}
