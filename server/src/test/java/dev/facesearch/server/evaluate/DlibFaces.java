package dev.facesearch.server.evaluate;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.facesearch.server.image.ImageDecoder;
import dev.facesearch.server.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

  /** Decodes a photo of the folder with the server's own decoder. */
  static RgbImage decode(String file) throws IOException {
    return DECODER.decode(Files.readAllBytes(folder().resolve(file)));
  }

  private static final ImageDecoder DECODER = new ImageDecoder(20 << 20, 40_000_000);
}
