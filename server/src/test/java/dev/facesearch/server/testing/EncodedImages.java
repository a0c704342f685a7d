package dev.facesearch.server.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Encoded images of every layout a client may send, made in the test from a photo or from nothing:
 * re-encodings (grey, CMYK, 16-bit, alpha) and formats or headers the server must refuse.
 */
public final class EncodedImages {
  private EncodedImages() {}

  /** Decodes a JPEG or PNG with ImageIO, as 8-bit RGB. */
  public static BufferedImage rgb(byte[] encoded) {
    try {
      BufferedImage read = ImageIO.read(new ByteArrayInputStream(encoded));
      if (read == null) {
        throw new IllegalArgumentException("ImageIO cannot read these bytes");
      }
      BufferedImage rgb =
          new BufferedImage(read.getWidth(), read.getHeight(), BufferedImage.TYPE_INT_RGB);
      Graphics2D g = rgb.createGraphics();
      g.drawImage(read, 0, 0, null);
      g.dispose();
      return rgb;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The image written by ImageIO in a format it knows ("jpg", "png", "gif", "tiff", "bmp"). */
  public static byte[] write(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("ImageIO has no writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A one-channel 8-bit grey JPEG of the image. */
  public static byte[] greyJpeg(BufferedImage image) {
    BufferedImage grey =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = grey.createGraphics();
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return write(grey, "jpg");
  }

  /**
   * A four-channel CMYK JPEG (Adobe APP14 marker, no colour transform) of the image, stored
   * inverted as Photoshop writes CMYK: ImageIO writes a four-band raster so, with K at "no ink".
   */
  public static byte[] cmykJpeg(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
    int[] cmyk = new int[4];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = image.getRGB(x, y);
        // Inverted CMY with no black: the stored bytes equal R, G, B, and K is 255.
        cmyk[0] = rgb >> 16 & 0xFF;
        cmyk[1] = rgb >> 8 & 0xFF;
        cmyk[2] = rgb & 0xFF;
        cmyk[3] = 255;
        raster.setPixel(x, y, cmyk);
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    byte[] jpeg = out.toByteArray();
    if (frameComponents(jpeg) != 4) {
      throw new IllegalStateException("ImageIO did not write a four-component JPEG");
    }
    return jpeg;
  }

  /** The number of components in a JPEG's first frame header, or -1 if there is none. */
  static int frameComponents(byte[] jpeg) {
    for (int at = 2; at + 9 < jpeg.length; ) {
      int code = jpeg[at + 1] & 0xFF;
      if (code >= 0xC0 && code <= 0xCF && code != 0xC4 && code != 0xC8 && code != 0xCC) {
        return jpeg[at + 9] & 0xFF;
      }
      at += 2 + ((jpeg[at + 2] & 0xFF) << 8 | jpeg[at + 3] & 0xFF);
    }
    return -1;
  }

  /** A 16-bit-per-sample RGB PNG of the image (each 8-bit sample v stored as v * 257). */
  public static byte[] rgb16Png(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    ByteBuffer rows = ByteBuffer.allocate(h * (1 + w * 6));
    for (int y = 0; y < h; y++) {
      rows.put((byte) 0); // filter type None
      for (int x = 0; x < w; x++) {
        int rgb = image.getRGB(x, y);
        for (int shift = 16; shift >= 0; shift -= 8) {
          rows.putShort((short) ((rgb >> shift & 0xFF) * 257));
        }
      }
    }
    return png(w, h, 16, 2, deflate(rows.array()));
  }

  /** An RGBA PNG of the image, opaque in the middle and fading to transparent at the border. */
  public static byte[] alphaPng(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    BufferedImage argb = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    int border = Math.max(1, Math.min(w, h) / 10);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int edge = Math.min(Math.min(x, w - 1 - x), Math.min(y, h - 1 - y));
        int alpha = Math.min(255, 255 * edge / border);
        argb.setRGB(x, y, alpha << 24 | image.getRGB(x, y) & 0xFFFFFF);
      }
    }
    return write(argb, "png");
  }

  /** A small solid image of the given size. */
  public static BufferedImage solid(int width, int height, Color colour) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(colour);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  /** A small SVG document: text, not pixels. */
  public static byte[] svg() {
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\">"
            + "<circle cx=\"32\" cy=\"32\" r=\"20\" fill=\"tan\"/></svg>\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A PNG whose header claims a size, with no image data after it: a forged header. */
  public static byte[] forgedPngHeader(int width, int height) {
    return png(width, height, 8, 2, null);
  }

  /**
   * A real, complete 8-bit grey PNG of the given size, all black; rows are deflated as they are
   * made, so a 20000 x 20000 image (400 MB of pixels) costs a few hundred kB and no big buffer.
   */
  public static byte[] blackGreyPng(int width, int height) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    byte[] row = new byte[1 + width]; // filter byte None, then black samples
    try (DeflaterOutputStream out =
        new DeflaterOutputStream(compressed, new Deflater(Deflater.BEST_COMPRESSION), 1 << 16)) {
      for (int y = 0; y < height; y++) {
        out.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return png(width, height, 8, 0, compressed.toByteArray());
  }

  private static byte[] deflate(byte[] raw) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (DeflaterOutputStream out = new DeflaterOutputStream(compressed)) {
      out.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compressed.toByteArray();
  }

  /** A PNG with IHDR, one IDAT of already deflated scanlines (if not null), and IEND. */
  private static byte[] png(int width, int height, int bitDepth, int colourType, byte[] idat) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height);
    header.put((byte) bitDepth).put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", header.array());
    if (idat != null) {
      chunk(out, "IDAT", idat);
    }
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** Appends one PNG chunk: length, type, data and the CRC of type and data. */
  public static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
