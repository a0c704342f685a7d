package dev.facesearch.client.cli;

import dev.facesearch.api.v1.DetectResponse;
import dev.facesearch.api.v1.DetectedFace;
import java.awt.AWTError;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;

/** The picture detect --annotate writes: the photo with its faces drawn, saved as PNG or JPEG. */
final class AnnotatedImage {
  private AnnotatedImage() {}

  /**
   * Draws the detected faces, labelled with who they are, and writes the picture.
   *
   * @param picture the photo, upright; drawn on
   * @param identities who each face is, in the order of the detections; empty entries when no
   *     collection was given
   */
  static void write(
      BufferedImage picture,
      DetectResponse detected,
      List<Optional<DetectCommand.Identity>> identities,
      Path file,
      PrintWriter err) {
    List<FaceAnnotator.Mark> marks = new ArrayList<>();
    for (int i = 0; i < detected.getFacesCount(); i++) {
      DetectedFace face = detected.getFaces(i);
      Optional<DetectCommand.Identity> identity = identities.get(i);
      String score = String.format(Locale.ROOT, "%.2f", face.getScore());
      FaceAnnotator.Mark mark =
          identity
              .map(id ->
                  id.known()
                      ? new FaceAnnotator.Mark(
                          face.getBox(),
                          face.getLandmarksList(),
                          id.subject() + " " + String.format(Locale.ROOT, "%.2f", id.similarity()),
                          FaceAnnotator.Verdict.KNOWN)
                      : new FaceAnnotator.Mark(
                          face.getBox(),
                          face.getLandmarksList(),
                          "unknown",
                          FaceAnnotator.Verdict.UNKNOWN))
              .orElseGet(() ->
                  new FaceAnnotator.Mark(
                      face.getBox(),
                      face.getLandmarksList(),
                      "face " + (marks.size() + 1) + "  " + score,
                      FaceAnnotator.Verdict.FOUND));
      marks.add(mark);
    }
    // The server's coordinates are those of the image after EXIF orientation, which ours applies
    // too; should the sizes still differ (a decoder disagreeing on the orientation), say so and
    // stretch the marks onto the picture rather than draw them off the faces silently.
    double scaleX = 1;
    double scaleY = 1;
    if (picture.getWidth() != detected.getImageWidth()
        || picture.getHeight() != detected.getImageHeight()) {
      err.printf(
          "facesearch: warning: the server saw %dx%d pixels, ImageIO %dx%d; marks are scaled%n",
          detected.getImageWidth(),
          detected.getImageHeight(),
          picture.getWidth(),
          picture.getHeight());
      scaleX = picture.getWidth() / (double) Math.max(1, detected.getImageWidth());
      scaleY = picture.getHeight() / (double) Math.max(1, detected.getImageHeight());
    }
    try {
      FaceAnnotator.draw(picture, marks, scaleX, scaleY);
    } catch (AWTError | InternalError e) {
      // Headless Java still needs fonts to draw text; without fontconfig it fails here.
      throw new CliException(
          ExitCode.LOCAL_INPUT, "cannot draw text (are fonts installed?): " + e.getMessage());
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String format = name.endsWith(".jpg") || name.endsWith(".jpeg") ? "jpeg" : "png";
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      if (!ImageIO.write(picture, format, file.toFile())) {
        throw new IOException("no " + format + " writer");
      }
    } catch (IOException e) {
      throw new CliException(ExitCode.LOCAL_INPUT, "cannot write " + file + ": " + e.getMessage());
    }
  }
}
