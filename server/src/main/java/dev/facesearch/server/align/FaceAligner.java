package dev.facesearch.server.align;

import dev.facesearch.server.image.RgbImage;

/**
 * Cuts a face out of an image as the chip an embedding model was trained on, placed by the face's
 * 68 landmarks. Implementations are immutable and safe for concurrent use.
 */
public interface FaceAligner {

  /** Side of the square chip, in pixels. */
  int chipSize();

  /**
   * Where each image point lands in the chip: the map {@link #align} samples with, inverted, in
   * chip pixel coordinates (pixel centres at integers).
   *
   * @param landmarks 136 values (x0, y0, ..., x67, y67) in image pixels, iBUG 300-W order (as dlib)
   */
  Affine imageToChip(float[] landmarks);

  /**
   * The aligned face chip, {@link #chipSize()} square, RGB; chip pixels whose source lies outside
   * the image are black.
   *
   * @param landmarks 136 values (x0, y0, ..., x67, y67) in image pixels, iBUG 300-W order (as dlib)
   */
  RgbImage align(RgbImage image, float[] landmarks);
}
