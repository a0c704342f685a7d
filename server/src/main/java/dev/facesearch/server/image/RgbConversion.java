package dev.facesearch.server.image;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.add;
import static org.bytedeco.opencv.global.opencv_core.bitwise_not;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_core.multiply;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Turns what {@code imdecode(IMREAD_UNCHANGED)} returns (8- or 16-bit; grey, grey and alpha, BGR or
 * BGRA) into 8-bit RGB, with OpenCV's vectorised loops: a byte-by-byte Java loop over a 3 MP photo
 * costs more than decoding it.
 *
 * <p>Alpha is composited over white rather than dropped. A fully transparent pixel's colour is
 * whatever the encoder left there, often black or leftover content, so dropping alpha can show the
 * models a picture nobody saw; over white, the image is what a browser shows on a white page, and
 * white is the usual backdrop of portraits cut out of their background.
 */
final class RgbConversion {
  private RgbConversion() {}

  /**
   * A new 8-bit three-channel RGB Mat, which the caller closes.
   *
   * @throws IllegalArgumentException for a depth other than 8 or 16 bits, or more than 4 channels
   */
  static Mat toRgb(Mat decoded) {
    if (decoded.depth() == CV_16U) {
      try (Mat eight = new Mat()) {
        // 65535 / 257 = 255: full scale maps to full scale, and 257 * v back to v exactly.
        decoded.convertTo(eight, CV_8U, 1 / 257.0, 0);
        return toRgb(eight);
      }
    }
    int channels = decoded.channels();
    if (decoded.depth() != CV_8U || channels > 4) {
      throw new IllegalArgumentException(
          "8- or 16-bit samples in 1-4 channels, got depth " + decoded.depth() + ", " + channels);
    }
    Mat rgb = new Mat();
    switch (channels) {
      case 1 -> cvtColor(decoded, rgb, COLOR_GRAY2RGB);
      case 2 -> {
        try (Mat grey = new Mat()) {
          extractChannel(decoded, grey, 0);
          cvtColor(grey, rgb, COLOR_GRAY2RGB);
        }
      }
      case 3 -> cvtColor(decoded, rgb, COLOR_BGR2RGB);
      default -> cvtColor(decoded, rgb, COLOR_BGRA2RGB);
    }
    if (channels % 2 == 0) {
      overWhite(rgb, decoded, channels - 1);
    }
    return rgb;
  }

  /**
   * Composites {@code rgb} in place over white with straight (not premultiplied) alpha: {@code
   * round(c * a / 255) + 255 - a}, which is {@code c * a / 255 + 255 * (1 - a / 255)} rounded.
   */
  private static void overWhite(Mat rgb, Mat decoded, int alphaChannel) {
    try (Mat alpha = new Mat();
        Mat alpha3 = new Mat()) {
      extractChannel(decoded, alpha, alphaChannel);
      cvtColor(alpha, alpha3, COLOR_GRAY2RGB);
      multiply(rgb, alpha3, rgb, 1 / 255.0, -1);
      bitwise_not(alpha3, alpha3); // 255 - a
      add(rgb, alpha3, rgb);
    }
  }
}
