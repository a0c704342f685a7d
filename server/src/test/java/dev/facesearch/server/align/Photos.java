package dev.facesearch.server.align;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import dev.facesearch.server.image.RgbImage;
import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Shared photos, decoded with OpenCV's {@code imread} as OpenFace's own scripts decode them, so
 * that comparisons with OpenFace's crops do not also measure two JPEG decoders.
 */
final class Photos {
  private Photos() {}

  /** The shared face photos: the surefire property, else ../shared beside the project. */
  static Path faces() {
    return Path.of(System.getProperty("facesearch.shared", "../shared")).resolve("data/faces");
  }

  static RgbImage read(Path file) throws IOException {
    try (Mat bgr = imread(file.toString(), IMREAD_COLOR);
        Mat rgb = new Mat()) {
      if (bgr.empty()) {
        throw new IOException("cannot decode " + file);
      }
      cvtColor(bgr, rgb, COLOR_BGR2RGB);
      byte[] pixels = new byte[rgb.rows() * rgb.cols() * 3];
      rgb.data().get(pixels);
      return new RgbImage(rgb.cols(), rgb.rows(), pixels);
    }
  }
}
