package dev.facesearch.models.golden;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A fixed input of a golden test: an RGB image as HWC bytes, made either from a formula or by
 * cropping a shared photo. The same bytes go to face-api in Node (as a .rgb file) and to our ONNX
 * model, and the fixture records their SHA-256 so that a change in decoding cannot pass unseen.
 *
 * @param name a name for messages and file names
 * @param height rows
 * @param width columns
 * @param rgb height * width * 3 bytes, row by row, R G B
 */
public record GoldenInput(String name, int height, int width, byte[] rgb) {

  /** A deterministic pattern of stripes and gradients, different for each seed. */
  public static GoldenInput pattern(String name, int size, int seed) {
    byte[] rgb = new byte[size * size * 3];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        for (int c = 0; c < 3; c++) {
          int stripes = (x * 7 + y * 13 + c * 29 + seed * 31) & 63;
          int gradient = ((x + seed * 11) * 255 / size + (y * (c + 1) * 97) / size) & 255;
          rgb[(y * size + x) * 3 + c] = (byte) ((gradient * 3 / 4 + stripes) & 255);
        }
      }
    }
    return new GoldenInput(name, size, size, rgb);
  }

  /**
   * A square crop of a photo under {@code ../shared/data/faces}, shrunk by an integer factor by
   * averaging each factor x factor block (integer arithmetic, so the bytes are exact).
   *
   * @param left left edge in the photo
   * @param top top edge in the photo
   * @param size side of the result
   * @param factor photo pixels per result pixel along each axis
   */
  public static GoldenInput crop(String photo, int left, int top, int size, int factor)
      throws IOException {
    GoldenInput square = crop(photo, left, top, size, size, factor);
    String name =
        photo.substring(photo.lastIndexOf('/') + 1).replaceFirst("\\.[a-z]+$", "")
            + "-"
            + left
            + "-"
            + top;
    return new GoldenInput(name, square.height(), square.width(), square.rgb());
  }

  /**
   * A rectangular crop of a shared photo, shrunk by an integer factor like {@link #crop(String,
   * int, int, int, int)}; named photo-left-top-WxH.
   */
  public static GoldenInput crop(String photo, int left, int top, int width, int height, int factor)
      throws IOException {
    Path file = sharedFaces().resolve(photo);
    BufferedImage image = ImageIO.read(file.toFile());
    if (image == null) {
      throw new IOException("cannot decode " + file);
    }
    if (left + width * factor > image.getWidth() || top + height * factor > image.getHeight()) {
      throw new IllegalArgumentException(
          "crop outside " + photo + " (" + image.getWidth() + "x" + image.getHeight() + ")");
    }
    byte[] rgb = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int[] sum = new int[3];
        for (int dy = 0; dy < factor; dy++) {
          for (int dx = 0; dx < factor; dx++) {
            int argb = image.getRGB(left + x * factor + dx, top + y * factor + dy);
            sum[0] += (argb >> 16) & 255;
            sum[1] += (argb >> 8) & 255;
            sum[2] += argb & 255;
          }
        }
        for (int c = 0; c < 3; c++) {
          rgb[(y * width + x) * 3 + c] =
              (byte) ((sum[c] + factor * factor / 2) / (factor * factor));
        }
      }
    }
    String name =
        photo.substring(photo.lastIndexOf('/') + 1).replaceFirst("\\.[a-z]+$", "")
            + "-"
            + left
            + "-"
            + top
            + "-"
            + width
            + "x"
            + height;
    return new GoldenInput(name, height, width, rgb);
  }

  /** Whether the shared photos are there (they are beside the project, not in it). */
  public static boolean photosAvailable() {
    return java.nio.file.Files.isDirectory(sharedFaces());
  }

  /** The shared photos: the surefire property, else ../shared beside the project. */
  public static Path sharedFaces() {
    String shared = System.getProperty("facesearch.shared");
    Path root = shared != null ? Path.of(shared) : Path.of("..", "..", "shared");
    return root.resolve("data").resolve("faces");
  }

  /** The values as floats 0-255, HWC, as both sides feed them to the networks. */
  public float[] floats() {
    float[] values = new float[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      values[i] = Byte.toUnsignedInt(rgb[i]);
    }
    return values;
  }

  public String sha256() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rgb));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Writes inputs as {@code <name>.rgb} files plus {@code inputs.txt} (name height width). */
  public static void writeAll(List<GoldenInput> inputs, Path folder) throws IOException {
    Files.createDirectories(folder);
    StringBuilder index = new StringBuilder();
    for (GoldenInput input : inputs) {
      Files.write(folder.resolve(input.name() + ".rgb"), input.rgb());
      index
          .append(input.name())
          .append(' ')
          .append(input.height())
          .append(' ')
          .append(input.width())
          .append('\n');
    }
    Files.writeString(folder.resolve("inputs.txt"), index);
  }
}
