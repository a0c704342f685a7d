package dev.facesearch.server.image;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR_RGB;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import dev.facesearch.server.core.InvalidInputException;
import java.util.Objects;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Turns untrusted encoded bytes (JPEG, PNG, BMP, WebP) into an upright 8-bit {@link RgbImage}, or
 * refuses them with a one-line {@link InvalidInputException}.
 *
 * <p>In order: the byte limit; the format and size from the header we read ourselves ({@link
 * ImageHeader}), so the pixel limit is enforced before any pixel memory exists; a check that the
 * file is complete; then OpenCV's {@code imdecode}. JPEG is decoded with {@code IMREAD_COLOR_RGB |
 * IMREAD_IGNORE_ORIENTATION}: libjpeg writes RGB directly (a separate BGR-to-RGB pass costs a third
 * of the decode on a 3 MP photo), and OpenCV leaves the orientation alone. Other formats are
 * decoded with {@code IMREAD_UNCHANGED}, which keeps 16-bit samples and alpha for {@link
 * RgbConversion} and never applies orientation. Either way the EXIF orientation is applied exactly
 * once, from our own reading of the tag, so its parsing is ours to test.
 *
 * <p>Thread-safe: it holds only its limits, and every OpenCV object lives within one call. A decode
 * needs up to about 20 bytes per pixel at its peak (16-bit RGBA), so callers bound how many run at
 * once.
 */
public final class ImageDecoder {
  private final long maxBytes;
  private final long maxPixels;

  /**
   * @param maxBytes the largest encoded image accepted
   * @param maxPixels the most pixels (width times height) accepted
   */
  public ImageDecoder(long maxBytes, long maxPixels) {
    if (maxBytes <= 0 || maxPixels <= 0) {
      throw new IllegalArgumentException(
          "limits must be positive: maxBytes " + maxBytes + ", maxPixels " + maxPixels);
    }
    this.maxBytes = maxBytes;
    this.maxPixels = maxPixels;
  }

  /**
   * Decodes an image: RGB order, grey expanded to three channels, 16-bit scaled to 8-bit, alpha
   * composited over white, JPEG EXIF orientation applied.
   *
   * @throws InvalidInputException when the bytes are empty, over a limit, of another format,
   *     truncated or corrupt
   */
  public RgbImage decode(byte[] data) {
    Objects.requireNonNull(data, "data");
    if (data.length == 0) {
      throw new InvalidInputException("image is empty");
    }
    if (data.length > maxBytes) {
      throw new InvalidInputException(
          "image is " + data.length + " bytes, the limit is " + maxBytes);
    }
    ImageHeader header = ImageHeader.read(data);
    if (header.pixels() > maxPixels) {
      throw new InvalidInputException(
          "image is "
              + header.width()
              + "x"
              + header.height()
              + " pixels, the limit is "
              + maxPixels);
    }
    header.requireComplete(data);
    return decodePixels(data, header);
  }

  /** The upright RGB pixels, by OpenCV. */
  private static RgbImage decodePixels(byte[] data, ImageHeader header) {
    String label = header.format().label();
    try (Mat encoded = new Mat(1, data.length, CV_8UC1)) {
      encoded.data().put(data);
      boolean jpeg = header.format() == ImageFormat.JPEG;
      int flags = jpeg ? IMREAD_COLOR_RGB | IMREAD_IGNORE_ORIENTATION : IMREAD_UNCHANGED;
      try (Mat decoded = openCvDecode(encoded, flags, label)) {
        // Our size check is only worth something if it bounds what OpenCV decodes.
        if (decoded.cols() != header.width() || decoded.rows() != header.height()) {
          throw ImageHeader.corrupt(
              label
                  + " header says "
                  + header.width()
                  + "x"
                  + header.height()
                  + ", its data "
                  + decoded.cols()
                  + "x"
                  + decoded.rows());
        }
        boolean layoutKnown =
            jpeg
                ? decoded.type() == CV_8UC3
                : (decoded.depth() == CV_8U || decoded.depth() == CV_16U)
                    && decoded.channels() <= 4;
        if (!layoutKnown) {
          throw ImageHeader.corrupt(label + " decodes to an unexpected pixel layout");
        }
        try (Mat converted = jpeg ? null : RgbConversion.toRgb(decoded)) {
          Mat rgb = jpeg ? decoded : converted;
          if (header.orientation() == ExifOrientation.UPRIGHT) {
            return copy(rgb);
          }
          try (Mat upright = ExifOrientation.upright(rgb, header.orientation())) {
            return copy(upright);
          }
        }
      }
    }
  }

  /** A non-empty decoded Mat, which the caller closes. */
  private static Mat openCvDecode(Mat encoded, int flags, String label) {
    Mat decoded;
    try {
      decoded = imdecode(encoded, flags);
    } catch (RuntimeException e) {
      // OpenCV reports a codec's failure as a RuntimeException holding a cv::Exception's text;
      // usually it logs the reason and returns an empty Mat instead.
      throw ImageHeader.corrupt(label + " data could not be decoded");
    }
    if (decoded.empty()) {
      decoded.close();
      throw ImageHeader.corrupt(label + " data could not be decoded");
    }
    return decoded;
  }

  /** The pixels of an 8-bit RGB Mat, on the Java heap. */
  private static RgbImage copy(Mat rgb) {
    if (!rgb.isContinuous()) {
      throw new IllegalStateException("OpenCV gave an image whose rows are not contiguous");
    }
    byte[] pixels = new byte[Math.multiplyExact(rgb.cols() * rgb.rows(), 3)];
    rgb.data().get(pixels);
    return new RgbImage(rgb.cols(), rgb.rows(), pixels);
  }
}
