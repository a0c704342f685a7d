package dev.facesearch.server.image;

import dev.facesearch.server.core.UnavailableException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;

/** Encodes RGB images as PNG, with OpenCV: for aligned chips sent to tools. */
public final class PngEncoder {
  private PngEncoder() {}

  public static byte[] encode(RgbImage image) {
    try (BytePointer pixels = new BytePointer(image.pixels());
        Mat rgb = new Mat(image.height(), image.width(), opencv_core.CV_8UC3, pixels);
        Mat bgr = new Mat();
        BytePointer png = new BytePointer()) {
      opencv_imgproc.cvtColor(rgb, bgr, opencv_imgproc.COLOR_RGB2BGR);
      if (!opencv_imgcodecs.imencode(".png", bgr, png)) {
        throw new UnavailableException("OpenCV could not encode a PNG");
      }
      byte[] bytes = new byte[(int) png.limit()];
      png.get(bytes);
      return bytes;
    }
  }
}
