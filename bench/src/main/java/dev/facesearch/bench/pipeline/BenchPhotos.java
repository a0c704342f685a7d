package dev.facesearch.bench.pipeline;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The encoded photos the pipeline and Identify-by-image loads run on, made in memory from the
 * shared photos (never written into the project).
 *
 * <p>Every set holds several distinct encodings, so that no two consecutive calls send the same
 * bytes: the server's result cache, keyed by the bytes' hash, cannot help even when it is on.
 */
public final class BenchPhotos {
  /** The source of the 640x480 set: a 1400x1050 (4:3) photo with one face. */
  public static final String VGA_SOURCE = "openface-examples/examples/lennon-1.jpg";

  /** The LFW set: 100 original 250x250 photos, 10 people x 10. */
  public static final String LFW_FOLDER = "lfw-subset";

  private BenchPhotos() {}

  /**
   * A named set of encoded photos.
   *
   * @param name what the photos are, for tables
   * @param images the encoded bytes, all distinct
   */
  public record PhotoSet(String name, List<byte[]> images) {}

  /**
   * 20 distinct 640x480 JPEGs: the source scaled to 656x492 and cropped at 20 offsets on a 4-pixel
   * grid, each encoded at quality 0.9.
   */
  public static PhotoSet vga(Path faces) {
    BufferedImage source = read(faces.resolve(VGA_SOURCE));
    BufferedImage scaled = scale(source, 656, 492);
    List<byte[]> images = new ArrayList<>();
    for (int dy = 0; dy <= 12; dy += 4) {
      for (int dx = 0; dx <= 16; dx += 4) {
        images.add(jpeg(scaled.getSubimage(dx, dy, 640, 480)));
      }
    }
    return new PhotoSet("640x480 (lennon-1, 20 crops)", images);
  }

  /** The LFW subset's photos as they are on disk, sorted by path. */
  public static PhotoSet lfw(Path faces) {
    try (Stream<Path> files = Files.walk(faces.resolve(LFW_FOLDER))) {
      List<byte[]> images = new ArrayList<>();
      for (Path file : files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList()) {
        images.add(Files.readAllBytes(file));
      }
      if (images.isEmpty()) {
        throw new IllegalStateException("no photos in " + faces.resolve(LFW_FOLDER));
      }
      return new PhotoSet("250x250 (lfw-subset, " + images.size() + " photos)", images);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The same JPEG with a comment segment (COM) holding {@code text} right after its start marker:
   * other bytes, so another content hash, but the same pixels, since decoders skip comments.
   */
  public static byte[] withComment(byte[] jpeg, String text) {
    if (jpeg.length < 2 || (jpeg[0] & 0xff) != 0xff || (jpeg[1] & 0xff) != 0xd8) {
      throw new IllegalArgumentException("not a JPEG: no start-of-image marker");
    }
    byte[] comment = text.getBytes(StandardCharsets.US_ASCII);
    // The segment's length counts its two length bytes and the text, at most 65535.
    int length = comment.length + 2;
    if (length > 0xffff) {
      throw new IllegalArgumentException("comment too long: " + comment.length + " bytes");
    }
    byte[] out = new byte[jpeg.length + 2 + length];
    out[0] = (byte) 0xff;
    out[1] = (byte) 0xd8;
    out[2] = (byte) 0xff;
    out[3] = (byte) 0xfe;
    out[4] = (byte) (length >> 8);
    out[5] = (byte) length;
    System.arraycopy(comment, 0, out, 6, comment.length);
    System.arraycopy(jpeg, 2, out, 6 + comment.length, jpeg.length - 2);
    return out;
  }

  private static BufferedImage read(Path file) {
    try {
      BufferedImage image = ImageIO.read(file.toFile());
      if (image == null) {
        throw new IllegalStateException("not a readable image: " + file);
      }
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BufferedImage scale(BufferedImage source, int width, int height) {
    BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scaled.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(source, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return scaled;
  }

  private static byte[] jpeg(BufferedImage image) {
    // getSubimage shares the parent's raster; copy it so the writer sees a plain image.
    BufferedImage copy =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    copy.getGraphics().drawImage(image, 0, 0, null);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.9f);
      writer.write(null, new IIOImage(copy, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
