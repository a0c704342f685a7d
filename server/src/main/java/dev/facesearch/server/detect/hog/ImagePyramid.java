package dev.facesearch.server.detect.hog;

/**
 * dlib 19.24's two image pyramids and their coordinate maps ({@code image_pyramid.h}, {@code
 * pyramid_up} in {@code interpolation.h}): {@code pyramid_down<6>}, whose levels the detector
 * scans, and {@code pyramid_down<2>}, whose {@code pyramid_up} doubles the image before detecting
 * when the caller asks for upsampling.
 *
 * <p>A {@code pyramid_down<6>} level is {@code floor(5 n / 6)} of the previous one in each
 * direction, resized bilinearly ({@link BilinearResize}); a point maps down as {@code (p - 0.3) *
 * 5/6} and up as {@code p * 6/5 + 0.3}. {@code pyramid_up} with {@code pyramid_down<2>} maps the
 * image's rectangle up by {@code (p + (1.25, 0.75)) * 2} and resizes to that size; its points map
 * back down by {@code p / 2 - (1.25, 0.75)}. Rectangles map corner by corner in double, as many
 * levels as asked, and are rounded once at the end ({@code floor(v + 0.5)}, dlib's {@code
 * drectangle} to {@code rectangle}).
 */
final class ImagePyramid {
  private static final double DOWN6 = 5.0 / 6;
  private static final double UP6 = 6 / 5.0;

  private ImagePyramid() {}

  /**
   * How many {@code pyramid_down<6>} levels dlib scans ({@code create_fhog_pyramid}): the image,
   * then one more level for each step down whose rectangle is still at least the minimum size, at
   * most {@code maxLevels} in all.
   */
  static int levelCount(int width, int height, int minWidth, int minHeight, int maxLevels) {
    Box rect = new Box(0, 0, width - 1, height - 1);
    int levels = 0;
    do {
      rect = rect.map(p -> (p - 0.3) * DOWN6, p -> (p - 0.3) * DOWN6);
      levels++;
    } while (rect.width() >= minWidth && rect.height() >= minHeight && levels < maxLevels);
    return levels;
  }

  /** The next {@code pyramid_down<6>} level. */
  static ByteImage down(ByteImage image) {
    // dlib: (5 * n) / 6 in integers, plus 0.5, truncated: the floor.
    return BilinearResize.resize(image, 5 * image.width() / 6, 5 * image.height() / 6);
  }

  /** {@code pyramid_up(image, pyramid_down<2>)}: about twice the size. */
  static ByteImage up(ByteImage image) {
    if (image.isEmpty()) {
      return new ByteImage(0, 0, image.channels(), new byte[0]);
    }
    Box up =
        new Box(0, 0, image.width() - 1, image.height() - 1)
            .map(x -> (x + 1.25) * 2, y -> (y + 0.75) * 2);
    if (up.isEmpty()) {
      return new ByteImage(0, 0, image.channels(), new byte[0]);
    }
    return BilinearResize.resize(image, up.right() + 1, up.bottom() + 1);
  }

  /** A box found on {@code pyramid_down<6>} level {@code level}, in the level-0 image. */
  static Box fromLevel(Box box, int level) {
    double[] c = box.corners();
    for (int i = 0; i < level; i++) {
      for (int k = 0; k < 4; k++) {
        c[k] = c[k] * UP6 + 0.3;
      }
    }
    return Box.rounded(c);
  }

  /** A box found in an image upsampled {@code times} times by {@link #up}, in the original. */
  static Box fromUpsampled(Box box, int times) {
    double[] c = box.corners();
    for (int i = 0; i < times; i++) {
      c[0] = c[0] / 2.0 - 1.25;
      c[1] = c[1] / 2.0 - 0.75;
      c[2] = c[2] / 2.0 - 1.25;
      c[3] = c[3] / 2.0 - 0.75;
    }
    return Box.rounded(c);
  }
}
