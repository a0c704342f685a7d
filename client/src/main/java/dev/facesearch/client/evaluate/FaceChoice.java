package dev.facesearch.client.evaluate;

import java.util.List;

/**
 * Which of the faces found in a photo is its subject. LFW photos are 250x250 crops centred on the
 * person they are labelled with, while bystanders at the edges can be as large, so the default for
 * LFW is the face nearest the centre.
 */
public enum FaceChoice {
  /** The face whose box centre is nearest the image centre. */
  CENTRAL,
  /** The face with the largest box. */
  LARGEST;

  /**
   * A face's box, in image pixels.
   *
   * @param x left edge
   * @param y top edge
   * @param width width
   * @param height height
   */
  public record Box(double x, double y, double width, double height) {}

  /**
   * The index of the chosen face; ties go to the earlier face.
   *
   * @param faces at least one
   */
  public int pick(List<Box> faces, double imageWidth, double imageHeight) {
    if (faces.isEmpty()) {
      throw new IllegalArgumentException("no faces to choose from");
    }
    int best = 0;
    for (int i = 1; i < faces.size(); i++) {
      if (better(faces.get(i), faces.get(best), imageWidth, imageHeight)) {
        best = i;
      }
    }
    return best;
  }

  private boolean better(Box a, Box b, double imageWidth, double imageHeight) {
    return switch (this) {
      case CENTRAL -> offCentre(a, imageWidth, imageHeight) < offCentre(b, imageWidth, imageHeight);
      case LARGEST -> a.width() * a.height() > b.width() * b.height();
    };
  }

  private static double offCentre(Box box, double imageWidth, double imageHeight) {
    double dx = box.x() + box.width() / 2 - imageWidth / 2;
    double dy = box.y() + box.height() / 2 - imageHeight / 2;
    return dx * dx + dy * dy;
  }
}
