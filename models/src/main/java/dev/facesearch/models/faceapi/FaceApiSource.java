package dev.facesearch.models.faceapi;

import dev.facesearch.models.ModelCard;

/** The published face-api model set: npm {@code @vladmandic/face-api@1.7.15} (MIT). */
public final class FaceApiSource {
  public static final String PACKAGE = "@vladmandic/face-api";
  public static final String VERSION = "1.7.15";
  public static final String SHA256 =
      "0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031";
  public static final String LICENSE = "MIT";

  /** Where model files sit inside the tarball. */
  public static final String MODEL_FOLDER = "package/model/";

  private FaceApiSource() {}

  /** The card's source entry for one of the set's models. */
  public static ModelCard.Source of(String weightsName) {
    return new ModelCard.Source(PACKAGE, VERSION, "model/" + weightsName + ".bin", LICENSE, SHA256);
  }
}
