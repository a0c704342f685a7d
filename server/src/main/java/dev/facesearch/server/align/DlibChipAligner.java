package dev.facesearch.server.align;

import dev.facesearch.server.image.RgbImage;

/**
 * dlib's face chip, {@code extract_image_chip(img, get_face_chip_details(shape, 150, 0.25))}: what
 * dlib's ResNet face descriptor (face-api's FaceRecognitionNet) was trained on.
 *
 * <p>The geometry, from dlib 19.24's {@code image_transforms/interpolation.h}: dlib's mean face
 * shape gives landmarks 17 to 67 in a unit square; padding p maps a mean point m to {@code (p + m)
 * / (1 + 2p) * size} in the chip. The least-squares similarity from those chip points to the face's
 * landmarks is fitted on the nose (27-35), the eyes (36-47) and the upper lip (48-54 outer, 60-64
 * inner): eyebrows, jaw and lower lip are left out. Its scale s and angle give the chip's rectangle
 * in the image: centred on the image of the chip point (size/2, size/2), with inclusive corners
 * {@code size * s - 1} apart. Chip pixels 0 and size-1 go to those corners, so the chip is that
 * similarity up to half a pixel and a scale factor {@code (size * s - 1) / ((size - 1) * s)};
 * {@link #imageToChip} gives the exact map. Sampling is {@link DlibChipExtractor}'s.
 *
 * <p>Our landmarks are fractional; dlib's shape predictor gives whole pixels.
 */
public final class DlibChipAligner implements FaceAligner {
  /** The chip side dlib's ResNet takes. */
  public static final int SIZE = 150;

  /** The padding dlib's face recognition examples use with that net. */
  public static final double PADDING = 0.25;

  /** The first landmark of dlib's mean shape. */
  private static final int FIRST = 17;

  // dlib's mean face shape: landmarks 17 to 67 in a unit square.
  private static final double[] MEAN_X = {
    0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991,
    0.98004, 0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036, 0.490127, 0.554217,
    0.613373, 0.121737, 0.187122, 0.265825, 0.334606, 0.260918, 0.182743, 0.645647, 0.714428,
    0.793132, 0.858516, 0.79751, 0.719335, 0.254149, 0.340985, 0.428858, 0.490127, 0.551395,
    0.639268, 0.726104, 0.642159, 0.556721, 0.490127, 0.423532, 0.338094, 0.290379, 0.428096,
    0.490127, 0.552157, 0.689874, 0.553364, 0.490127, 0.42689
  };
  private static final double[] MEAN_Y = {
    0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915,
    0.106454, 0.203352, 0.307009, 0.409805, 0.515625, 0.587326, 0.609345, 0.628106, 0.609345,
    0.587326, 0.216423, 0.178758, 0.179852, 0.231733, 0.245099, 0.244077, 0.231733, 0.179852,
    0.178758, 0.216423, 0.244077, 0.245099, 0.780233, 0.745405, 0.727388, 0.742578, 0.727388,
    0.745405, 0.780233, 0.864805, 0.902192, 0.909281, 0.902192, 0.864805, 0.784792, 0.778746,
    0.785343, 0.778746, 0.784792, 0.824182, 0.831803, 0.824182
  };

  /** The landmarks the similarity is fitted on. */
  private static final int[] FITTED = fitted();

  private final int size;
  private final double padding;
  private final double[] template;

  /** dlib's chip for its ResNet: 150 pixels, padding 0.25. */
  public DlibChipAligner() {
    this(SIZE, PADDING);
  }

  public DlibChipAligner(int size, double padding) {
    if (size <= 1 || !(padding >= 0) || !Double.isFinite(padding)) {
      throw new IllegalArgumentException("size " + size + " padding " + padding);
    }
    this.size = size;
    this.padding = padding;
    this.template = new double[2 * FITTED.length];
    for (int i = 0; i < FITTED.length; i++) {
      double[] point = templatePoint(FITTED[i]);
      template[2 * i] = point[0];
      template[2 * i + 1] = point[1];
    }
  }

  private static int[] fitted() {
    return java.util.stream.IntStream.rangeClosed(27, 67)
        .filter(i -> !(i >= 55 && i <= 59) && !(i >= 65))
        .toArray();
  }

  @Override
  public int chipSize() {
    return size;
  }

  /**
   * Where dlib's mean face puts landmark {@code landmark} (17 to 67), in dlib's chip coordinates,
   * whose centre is (size/2, size/2); chip pixels are within a pixel of these, see the class note.
   */
  public double[] templatePoint(int landmark) {
    if (landmark < FIRST || landmark >= Landmarks.COUNT) {
      throw new IllegalArgumentException("dlib's mean shape has landmarks 17 to 67: " + landmark);
    }
    double scale = size / (1 + 2 * padding);
    return new double[] {
      (padding + MEAN_X[landmark - FIRST]) * scale, (padding + MEAN_Y[landmark - FIRST]) * scale
    };
  }

  /** dlib's {@code get_face_chip_details} for 68 landmarks. */
  ChipDetails details(float[] landmarks) {
    Affine toImage =
        Affine.similarity(template, Landmarks.pick(Landmarks.check(landmarks), FITTED));
    // The image of the chip's unit x vector gives the angle and the scale.
    double scale = Math.hypot(toImage.a(), toImage.d());
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException("the landmarks give no face: all fitted points coincide");
    }
    double angle = Math.atan2(toImage.d(), toImage.a());
    double centreX = toImage.x(size / 2.0, size / 2.0);
    double centreY = toImage.y(size / 2.0, size / 2.0);
    double half = (size * scale - 1) / 2;
    return new ChipDetails(
        centreX - half, centreY - half, centreX + half, centreY + half, angle, size, size);
  }

  @Override
  public Affine imageToChip(float[] landmarks) {
    return details(landmarks).chipToRectangle().inverse();
  }

  @Override
  public RgbImage align(RgbImage image, float[] landmarks) {
    return DlibChipExtractor.extract(image, details(landmarks));
  }
}
