package dev.facesearch.server.pipeline;

import java.util.List;

/**
 * The faces of one image, largest first.
 *
 * @param width the image's width in pixels, after EXIF orientation
 * @param height its height
 * @param faces the faces
 */
public record ImageFaces(int width, int height, List<FaceFound> faces) {
  public ImageFaces {
    faces = List.copyOf(faces);
  }

  /** About how many bytes this result holds in the cache. */
  int weightBytes() {
    int bytes = 64;
    for (FaceFound face : faces) {
      bytes +=
          96
              + face.landmarks().length * 4
              + (face.embedding() == null ? 0 : face.embedding().length * 4);
    }
    return bytes;
  }
}
