package dev.facesearch.server.detect;

import dev.facesearch.server.core.UnavailableException;
import dev.facesearch.server.image.RgbImage;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * OpenCV's Haar cascade for frontal faces ({@code haarcascade_frontalface_default.xml}, shipped in
 * the bytedeco OpenCV jar), the original design's detector. It gives no confidence, so every face
 * scores 1; overlapping detections are merged by OpenCV's own grouping ({@code minNeighbors}).
 *
 * <p>A cascade classifier keeps scratch state while it runs, so each call borrows one of a pool.
 */
public final class HaarCascadeDetector implements FaceDetector {
  private static final String CASCADE =
      "/org/bytedeco/opencv/"
          + Loader.getPlatform()
          + "/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";

  /** Image pyramid step, and neighbours needed to keep a box: OpenCV's sample values. */
  private static final double SCALE_FACTOR = 1.1;

  private static final int MIN_NEIGHBORS = 5;

  private final String cascadeFile;
  private final BlockingQueue<CascadeClassifier> idle = new LinkedBlockingQueue<>();
  private final List<CascadeClassifier> all = new ArrayList<>();

  private HaarCascadeDetector(String cascadeFile) {
    this.cascadeFile = cascadeFile;
  }

  /** The detector over the cascade file shipped in the OpenCV jar. */
  public static HaarCascadeDetector frontalFace() {
    try {
      File file = Loader.cacheResource(HaarCascadeDetector.class, CASCADE);
      return new HaarCascadeDetector(file.getAbsolutePath());
    } catch (IOException e) {
      throw new UnavailableException(
          "OpenCV's Haar cascade could not be extracted from its jar", e);
    }
  }

  @Override
  public List<Detection> detect(RgbImage image, DetectionOptions options) {
    CascadeClassifier classifier = borrow();
    try (BytePointer pixels = new BytePointer(image.pixels());
        Mat rgb = new Mat(image.height(), image.width(), opencv_core.CV_8UC3, pixels);
        Mat gray = new Mat();
        RectVector faces = new RectVector();
        Size smallest = new Size(1, 1);
        Size largest = new Size()) {
      opencv_imgproc.cvtColor(rgb, gray, opencv_imgproc.COLOR_RGB2GRAY);
      opencv_imgproc.equalizeHist(gray, gray);
      classifier.detectMultiScale(gray, faces, SCALE_FACTOR, MIN_NEIGHBORS, 0, smallest, largest);
      List<Detection> detections = new ArrayList<>();
      for (long i = 0; i < faces.size() && detections.size() < options.maxFaces(); i++) {
        Rect r = faces.get(i);
        detections.add(new Detection(1f, r.x(), r.y(), r.width(), r.height()));
      }
      return detections;
    } finally {
      idle.add(classifier);
    }
  }

  private CascadeClassifier borrow() {
    CascadeClassifier classifier = idle.poll();
    if (classifier == null) {
      classifier = new CascadeClassifier(cascadeFile);
      if (classifier.empty()) {
        throw new UnavailableException("OpenCV could not load the Haar cascade " + cascadeFile);
      }
      synchronized (all) {
        all.add(classifier);
      }
    }
    return classifier;
  }

  @Override
  public void close() {
    synchronized (all) {
      all.forEach(CascadeClassifier::close);
      all.clear();
    }
    idle.clear();
  }
}
