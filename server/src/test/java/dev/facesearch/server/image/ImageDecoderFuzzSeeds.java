package dev.facesearch.server.image;

import static dev.facesearch.server.image.TestImages.encode;
import static dev.facesearch.server.image.TestImages.mat16;
import static dev.facesearch.server.image.TestImages.mat8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY;

import dev.facesearch.server.testing.EncodedImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Writes the seed corpus of {@link ImageDecoderFuzzTest}: small synthetic images of every format
 * and layout the decoder takes, plus a few it must refuse, so the fuzzer starts from the inside of
 * each parser. Run once by hand when the formats change; its output is kept under {@code
 * src/test/resources/dev/facesearch/server/image/ImageDecoderFuzzTestInputs/decode}.
 */
final class ImageDecoderFuzzSeeds {
  private ImageDecoderFuzzSeeds() {}

  static Map<String, byte[]> seeds() {
    Random random = new Random(11);
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    byte[] rgb = new byte[12 * 8 * 3];
    random.nextBytes(rgb);
    byte[] rgba = new byte[12 * 8 * 4];
    random.nextBytes(rgba);
    byte[] grey = new byte[12 * 8];
    random.nextBytes(grey);
    short[] rgb16 = new short[12 * 8 * 3];
    for (int i = 0; i < rgb16.length; i++) {
      rgb16[i] = (short) random.nextInt(65536);
    }
    try (Mat colour = mat8(12, 8, 3, rgb);
        Mat alpha = mat8(12, 8, 4, rgba);
        Mat one = mat8(12, 8, 1, grey);
        Mat deep = mat16(12, 8, 3, rgb16)) {
      seeds.put("jpeg-rgb", encode(".jpg", colour, IMWRITE_JPEG_QUALITY, 80));
      seeds.put("jpeg-grey", encode(".jpg", one, IMWRITE_JPEG_QUALITY, 80));
      seeds.put("jpeg-exif-6", TestImages.withExifOrientation(seeds.get("jpeg-rgb"), 6, true));
      seeds.put("png-rgb", encode(".png", colour));
      seeds.put("png-rgba", encode(".png", alpha));
      seeds.put("png-grey", encode(".png", one));
      seeds.put("png-rgb16", encode(".png", deep));
      seeds.put("bmp-rgb", encode(".bmp", colour));
      seeds.put("webp-lossy", encode(".webp", colour, IMWRITE_WEBP_QUALITY, 80));
      seeds.put("webp-lossless", encode(".webp", colour, IMWRITE_WEBP_QUALITY, 101));
    }
    seeds.put("png-forged-huge", EncodedImages.forgedPngHeader(100_000, 100_000));
    seeds.put("svg", EncodedImages.svg());
    return seeds;
  }

  /** Writes the seeds to the folder given as the only argument. */
  public static void main(String[] args) throws IOException {
    Path folder = Files.createDirectories(Path.of(args[0]));
    for (Map.Entry<String, byte[]> seed : seeds().entrySet()) {
      Files.write(folder.resolve(seed.getKey()), seed.getValue());
    }
  }
}
