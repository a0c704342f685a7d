package dev.facesearch.server.landmark;

import dev.facesearch.server.image.RgbImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Finds face landmarks inside a face box with a dlib shape predictor (such as dlib's 68-point
 * {@code shape_predictor_68_face_landmarks.dat}, converted at set-up time), computing what dlib
 * 19.24's {@code shape_predictor::operator()} computes, float for float, on an RGB image.
 *
 * <p>Kazemi and Sullivan's cascade: the shape starts as the model's mean shape in the box's unit
 * square. Each cascade fits the similarity transform from the mean shape to the current one, places
 * its feature pixels (each an offset from a landmark of the mean shape, rotated and scaled by that
 * transform, then mapped into the box), reads their intensities ({@code (r + g + b) / 3}, zero
 * outside the image), and adds the leaf that each of its trees reaches by comparing differences of
 * two intensities with thresholds. The final shape is mapped into the box. See {@link
 * SimilarityTransform} and {@link BoxTransform} for the parts whose rounding follows dlib's.
 *
 * <p>Safe for concurrent use: the model is immutable and each call has its own few kilobytes of
 * scratch.
 */
public final class ShapePredictor {
  private final ShapePredictorModel model;

  private ShapePredictor(ShapePredictorModel model) {
    this.model = model;
  }

  /**
   * Loads a compact shape predictor file.
   *
   * @throws IOException when it cannot be read, or is not a valid, undamaged compact file
   */
  public static ShapePredictor read(Path compactFile) throws IOException {
    return new ShapePredictor(ShapePredictorModel.read(Objects.requireNonNull(compactFile)));
  }

  /** Landmarks per face (68 for dlib's face model). */
  public int parts() {
    return model.parts;
  }

  /** Heap bytes the model's arrays take (about 69 MB for dlib's 68-point model). */
  public long heapBytes() {
    return model.heapBytes();
  }

  /**
   * The landmarks of the face in a box, as dlib places them before rounding them to pixels.
   *
   * <p>The box is dlib's {@code rectangle(left, top, right, bottom)} with inclusive corners, taken
   * as dlib takes it: it may reach or lie outside the image (pixels outside read as zero), and is
   * not checked for being empty.
   *
   * @return 2 x {@link #parts()} values x0, y0, x1, y1, ...: dlib's unrounded positions as the
   *     nearest float, except that a float that would round to another pixel than dlib's double
   *     does is moved one ulp toward it, so that {@link #toPoints} gives dlib's points exactly
   */
  public float[] predict(RgbImage image, int left, int top, int right, int bottom) {
    Objects.requireNonNull(image, "image");
    double[] exact = positions(image, left, top, right, bottom);
    float[] positions = new float[exact.length];
    for (int i = 0; i < exact.length; i++) {
      positions[i] = nearestFloatRoundingAlike(exact[i]);
    }
    return positions;
  }

  /** The positions in double, as dlib has them before rounding. */
  double[] positions(RgbImage image, int left, int top, int right, int bottom) {
    double[] box = new double[6];
    BoxTransform.of(left, top, right, bottom, box);
    float[] shape = model.initialShape.clone();
    float[] intensities = new float[model.features];
    double[] similarity = new double[6];
    SimilarityTransform fit = new SimilarityTransform();
    float[][] chosen = new float[model.trees][];
    for (int cascade = 0; cascade < model.cascades; cascade++) {
      if (model.parts > 1) {
        fit.fit(model.initialShape, shape, model.parts, similarity);
      } else {
        // dlib uses the identity when a single landmark cannot define a similarity.
        similarity[0] = 1;
        similarity[1] = 0;
        similarity[2] = 0;
        similarity[3] = 1;
      }
      readFeatures(image, cascade, shape, similarity, box, intensities);
      addLeaves(cascade, intensities, shape, chosen);
    }
    double[] positions = new double[shape.length];
    for (int i = 0; i < shape.length; i += 2) {
      positions[i] = (box[0] * shape[i] + box[1] * shape[i + 1]) + box[4];
      positions[i + 1] = (box[2] * shape[i] + box[3] * shape[i + 1]) + box[5];
    }
    return positions;
  }

  /**
   * Rounds positions to pixels as dlib converts its double points to integer ones: {@code floor(v +
   * 0.5)}, in double. Values beyond the int range saturate.
   */
  public static int[] toPoints(float[] positions) {
    int[] points = new int[positions.length];
    for (int i = 0; i < positions.length; i++) {
      points[i] = (int) round(positions[i]);
    }
    return points;
  }

  private static double round(double value) {
    return Math.floor(value + 0.5);
  }

  /**
   * The feature pixels' intensities: each delta rotated and scaled by the float copy of the
   * similarity's matrix (its translation is not used, as in dlib), added to its anchor landmark,
   * mapped into the box in double, rounded to a pixel.
   */
  private void readFeatures(
      RgbImage image,
      int cascade,
      float[] shape,
      double[] similarity,
      double[] box,
      float[] intensities) {
    float t00 = (float) similarity[0];
    float t01 = (float) similarity[1];
    float t10 = (float) similarity[2];
    float t11 = (float) similarity[3];
    int width = image.width();
    int height = image.height();
    byte[] pixels = image.pixels();
    int first = cascade * model.features;
    for (int f = 0; f < model.features; f++) {
      int anchor = 2 * model.anchors[first + f];
      float dx = model.deltas[2 * (first + f)];
      float dy = model.deltas[2 * (first + f) + 1];
      float px = (t00 * dx + t01 * dy) + shape[anchor];
      float py = (t10 * dx + t11 * dy) + shape[anchor + 1];
      double x = round((box[0] * px + box[1] * py) + box[4]);
      double y = round((box[2] * px + box[3] * py) + box[5]);
      // Comparing doubles also keeps NaN and huge values outside, as dlib's long cast does.
      if (x >= 0 && x < width && y >= 0 && y < height) {
        int i = ((int) y * width + (int) x) * 3;
        int sum = (pixels[i] & 0xFF) + (pixels[i + 1] & 0xFF) + (pixels[i + 2] & 0xFF);
        intensities[f] = sum / 3;
      } else {
        intensities[f] = 0;
      }
    }
  }

  /**
   * Runs every tree of a cascade and adds the leaves they reach to the shape, in tree order. All
   * leaves are chosen first (the trees read only the intensities, never the shape), so that the
   * additions can then stream eight leaves at once: each shape value still receives the leaves one
   * by one in tree order, as dlib adds them, while eight memory fetches overlap and C2 vectorises
   * the loop.
   */
  private void addLeaves(int cascade, float[] intensities, float[] shape, float[][] chosen) {
    int[] splitFeatures = model.splitFeatures;
    float[] thresholds = model.thresholds;
    int splits = model.splits;
    int firstTree = cascade * model.trees;
    for (int t = 0; t < model.trees; t++) {
      int tree = firstTree + t;
      int base = tree * splits;
      int node = 0;
      for (int level = 0; level < model.depth; level++) {
        int split = base + node;
        float difference =
            intensities[splitFeatures[2 * split]] - intensities[splitFeatures[2 * split + 1]];
        // Left child 2n + 1 when above the threshold, else right 2n + 2, without a branch to
        // mispredict.
        node = 2 * node + 2 - (difference > thresholds[split] ? 1 : 0);
      }
      chosen[t] = model.leafValues[tree * model.leaves + node - splits];
    }
    int t = 0;
    for (; t + 8 <= model.trees; t += 8) {
      addEight(shape, chosen, t);
    }
    for (; t < model.trees; t++) {
      float[] leaf = chosen[t];
      for (int i = 0; i < shape.length; i++) {
        shape[i] += leaf[i];
      }
    }
  }

  private static void addEight(float[] shape, float[][] chosen, int t) {
    float[] a = chosen[t];
    float[] b = chosen[t + 1];
    float[] c = chosen[t + 2];
    float[] d = chosen[t + 3];
    float[] e = chosen[t + 4];
    float[] f = chosen[t + 5];
    float[] g = chosen[t + 6];
    float[] h = chosen[t + 7];
    for (int i = 0; i < shape.length; i++) {
      float sum = shape[i] + a[i];
      sum += b[i];
      sum += c[i];
      sum += d[i];
      sum += e[i];
      sum += f[i];
      sum += g[i];
      sum += h[i];
      shape[i] = sum;
    }
  }

  /**
   * The float nearest a position, or its neighbour toward the position when the nearest float would
   * round to another pixel (the double sat within half a float ulp of a pixel boundary).
   */
  private static float nearestFloatRoundingAlike(double position) {
    float nearest = (float) position;
    if (Double.isNaN(position) || round(nearest) == round(position)) {
      return nearest;
    }
    float neighbour = Math.nextAfter(nearest, position);
    assert round(neighbour) == round(position) : position;
    return neighbour;
  }
}
