package dev.facesearch.server.evaluate;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.facesearch.server.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * dlib's example faces in the shared photos ({@code ../shared/data/faces/dlib-faces}): PASCAL VOC
 * photos with labelled face boxes, and dlib's 68 landmarks of the same faces.
 */
final class DlibFaces {
  private DlibFaces() {}

  static Path folder() {
    String shared = System.getProperty("facesearch.shared");
    Path root = shared != null ? Path.of(shared) : Path.of("..", "..", "shared");
    return root.resolve("data").resolve("faces").resolve("dlib-faces");
  }

  /** Skips the calling test when the shared photos are not beside the project. */
  static void assumeAvailable() {
    assumeTrue(Files.isDirectory(folder()), "no shared photos at " + folder());
  }

  /** The images of the named datasets, in order. */
  static List<ImglabDataset.Image> read(String... datasets) throws IOException {
    List<ImglabDataset.Image> images = new ArrayList<>();
    for (String dataset : datasets) {
      images.addAll(ImglabDataset.read(folder().resolve(dataset)));
    }
    return images;
  }

  /**
   * Decodes a photo of the folder with javax.imageio. Kept here alone so that the server's own
   * decoder can replace it once there is one.
   */
  static RgbImage decode(String file) throws IOException {
    Path path = folder().resolve(file);
    BufferedImage image = ImageIO.read(path.toFile());
    if (image == null) {
      throw new IOException("cannot decode " + path);
    }
    int width = image.getWidth();
    int height = image.getHeight();
    int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
    byte[] rgb = new byte[argb.length * 3];
    for (int i = 0; i < argb.length; i++) {
      rgb[3 * i] = (byte) (argb[i] >> 16);
      rgb[3 * i + 1] = (byte) (argb[i] >> 8);
      rgb[3 * i + 2] = (byte) argb[i];
    }
    return new RgbImage(width, height, rgb);
  }
}
