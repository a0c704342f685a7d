package dev.facesearch.server.testing;

import dev.facesearch.server.image.ImageDecoder;
import dev.facesearch.server.image.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The shared photos and the hard copies made of them in the test: grayscale, tight crops where the
 * face fills the frame (as LFW's 150x150 crops), and half-size copies where faces are 40-60 pixels
 * wide. Every copy is made here from the decoded photo by exact integer arithmetic, so the same
 * photo always gives the same pixels.
 */
public final class HardCases {
  private HardCases() {}

  private static final ImageDecoder DECODER = new ImageDecoder(20 << 20, 40_000_000);

  /** How a case's image is made from its photo. */
  public enum Variant {
    /** The photo as decoded. */
    ORIGINAL,
    /** Luma (BT.601 weights, rounded) in all three channels. */
    GRAY,
    /** The central 150x150 pixels of a 250x250 LFW photo: the face fills the frame. */
    CROP150,
    /** Each 2x2 block averaged into one pixel (rounded): LFW faces become 45-60 pixels wide. */
    HALF;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Variant of(String label) {
      return valueOf(label.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * One image: a shared photo and how it was copied.
   *
   * @param photo path under {@code data/faces}
   * @param variant the copy
   */
  public record Case(String photo, Variant variant) {
    /** The image, decoded with the server's decoder and copied. */
    public RgbImage image() {
      try {
        return copy(
            DECODER.decode(Files.readAllBytes(SharedFaces.folder().resolve(photo))), variant);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return photo + " (" + variant.label() + ")";
    }
  }

  /**
   * Every shared photo as it is and in grayscale, and each LFW photo also as a tight crop and at
   * half size.
   */
  public static List<Case> all() {
    List<Case> cases = new ArrayList<>();
    for (String photo : photos()) {
      cases.add(new Case(photo, Variant.ORIGINAL));
      cases.add(new Case(photo, Variant.GRAY));
      if (photo.startsWith("lfw-subset/")) {
        cases.add(new Case(photo, Variant.CROP150));
        cases.add(new Case(photo, Variant.HALF));
      }
    }
    return cases;
  }

  /** The photos under {@code data/faces} (JPEG and PNG), sorted, relative to it. */
  public static List<String> photos() {
    Path root = SharedFaces.folder();
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(p -> p.matches("(?i).*\\.(jpe?g|png)$"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The copy of an image. */
  public static RgbImage copy(RgbImage image, Variant variant) {
    return switch (variant) {
      case ORIGINAL -> image;
      case GRAY -> gray(image);
      case CROP150 -> crop(image, (image.width() - 150) / 2, (image.height() - 150) / 2, 150, 150);
      case HALF -> half(image);
    };
  }

  static RgbImage gray(RgbImage image) {
    byte[] in = image.pixels();
    byte[] out = new byte[in.length];
    for (int i = 0; i < in.length; i += 3) {
      int luma =
          (299 * Byte.toUnsignedInt(in[i])
                  + 587 * Byte.toUnsignedInt(in[i + 1])
                  + 114 * Byte.toUnsignedInt(in[i + 2])
                  + 500)
              / 1000;
      out[i] = out[i + 1] = out[i + 2] = (byte) luma;
    }
    return new RgbImage(image.width(), image.height(), out);
  }

  static RgbImage crop(RgbImage image, int left, int top, int width, int height) {
    if (left < 0 || top < 0 || left + width > image.width() || top + height > image.height()) {
      throw new IllegalArgumentException("crop outside the image");
    }
    byte[] out = new byte[width * height * 3];
    for (int row = 0; row < height; row++) {
      System.arraycopy(
          image.pixels(),
          ((top + row) * image.width() + left) * 3,
          out,
          row * width * 3,
          width * 3);
    }
    return new RgbImage(width, height, out);
  }

  static RgbImage half(RgbImage image) {
    int width = image.width() / 2;
    int height = image.height() / 2;
    byte[] in = image.pixels();
    byte[] out = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < 3; c++) {
          int a = ((2 * y) * image.width() + 2 * x) * 3 + c;
          int b = a + image.width() * 3;
          int sum =
              Byte.toUnsignedInt(in[a])
                  + Byte.toUnsignedInt(in[a + 3])
                  + Byte.toUnsignedInt(in[b])
                  + Byte.toUnsignedInt(in[b + 3]);
          out[(y * width + x) * 3 + c] = (byte) ((sum + 2) / 4);
        }
      }
    }
    return new RgbImage(width, height, out);
  }
}
