package dev.facesearch.server.align;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import dev.facesearch.server.image.RgbImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * OpenFace's {@code AlignDlib.align} with {@code OUTER_EYES_AND_NOSE}: the affine map taking
 * landmarks 36, 45 and 33 (outer eye corners, nose tip) exactly onto OpenFace's template, then
 * OpenCV's {@code warpAffine} with its defaults (bilinear, black border) into a 96x96 chip, the
 * input of nn4.small2.v1.
 *
 * <p>The template is 96 times OpenFace's {@code MINMAX_TEMPLATE}: its mean 68-point face scaled to
 * the unit square by the shape's own bounds. We compute it in single precision as OpenFace does
 * with NumPy, and warp with OpenCV itself, so the chip is OpenFace's for the same landmarks
 * (OpenFace's come from dlib's shape predictor, in whole pixels).
 */
public final class OpenFaceAligner implements FaceAligner {
  /** The chip side of nn4.small2.v1. */
  public static final int SIZE = 96;

  /** Outer corner of one eye, outer corner of the other, nose tip. */
  private static final int[] LANDMARKS = {36, 45, 33};

  // OpenFace's TEMPLATE: the points above, then the bounds of all 68 (points 0, 16; 24, 8).
  private static final float[] TEMPLATE = {
    0.252418718401f,
    0.331052263829f,
    0.782865376271f,
    0.321305281656f,
    0.520712933176f,
    0.634268222208f
  };
  private static final float MIN_X = 0.0792396913815f;
  private static final float MAX_X = 0.971193274221f;
  private static final float MIN_Y = 0.182360984545f;
  private static final float MAX_Y = 1.06080371126f;

  private static final double[] TARGET = target();

  private static double[] target() {
    double[] target = new double[TEMPLATE.length];
    for (int i = 0; i < TEMPLATE.length; i += 2) {
      target[i] = SIZE * ((TEMPLATE[i] - MIN_X) / (MAX_X - MIN_X));
      target[i + 1] = SIZE * ((TEMPLATE[i + 1] - MIN_Y) / (MAX_Y - MIN_Y));
    }
    return target;
  }

  @Override
  public int chipSize() {
    return SIZE;
  }

  /** Where OpenFace's template puts landmark 36, 45 or 33 in the chip. */
  public static double[] templatePoint(int landmark) {
    for (int i = 0; i < LANDMARKS.length; i++) {
      if (LANDMARKS[i] == landmark) {
        return new double[] {TARGET[2 * i], TARGET[2 * i + 1]};
      }
    }
    throw new IllegalArgumentException("the template has landmarks 36, 45, 33, not " + landmark);
  }

  @Override
  public Affine imageToChip(float[] landmarks) {
    float[] points = Landmarks.check(landmarks);
    return Affine.through(Landmarks.pick(points, LANDMARKS), TARGET);
  }

  @Override
  public RgbImage align(RgbImage image, float[] landmarks) {
    double[] matrix = imageToChip(landmarks).toMatrix();
    byte[] out = new byte[SIZE * SIZE * 3];
    try (BytePointer pixels = new BytePointer(image.pixels());
        Mat source = new Mat(image.height(), image.width(), CV_8UC3, pixels);
        DoublePointer values = new DoublePointer(matrix);
        Mat transform = new Mat(2, 3, CV_64F, values);
        Mat chip = new Mat();
        Size size = new Size(SIZE, SIZE);
        Scalar black = new Scalar(0.0)) {
      warpAffine(source, chip, transform, size, INTER_LINEAR, BORDER_CONSTANT, black);
      if (!chip.isContinuous() || chip.rows() != SIZE || chip.cols() != SIZE) {
        throw new IllegalStateException("warpAffine gave an unexpected " + chip);
      }
      chip.data().get(out);
    }
    return new RgbImage(SIZE, SIZE, out);
  }
}
