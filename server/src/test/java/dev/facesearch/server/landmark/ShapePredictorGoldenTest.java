package dev.facesearch.server.landmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.image.RgbImage;
import dev.facesearch.server.testing.DlibReference;
import dev.facesearch.server.testing.SharedFaces;
import org.junit.jupiter.api.Test;

/**
 * The shape predictor against dlib 19.24's own landmarks ({@link DlibReference}) in every box
 * dlib's detector found at upsampling 1, on every shared photo and its hard copies.
 *
 * <p>The fixture keeps dlib's unrounded positions to 0.01 pixel, rounded from the four decimals
 * dlib's program prints, and reads them as floats; so a position equal to dlib's differs from the
 * fixture by at most 0.005 + 0.00005 plus two half float ulps. dlib's rounded points are known from
 * the fixture except where its value lies within that much of a half pixel; there they are not
 * compared.
 */
class ShapePredictorGoldenTest {
  /** Half the fixture's step, plus the rounding to four decimals before it. */
  private static final double FIXTURE_ERROR = 0.005 + 0.00005;

  @Test
  void predict_dlibBoxes_giveDlibsLandmarks() {
    SharedFaces.assumePresent();
    ShapePredictor predictor = DlibShapeModel.predictor();
    int faces = 0;
    int compared = 0;
    int roundedDiffer = 0;
    int ambiguous = 0;
    double worst = 0;
    double sum = 0;
    for (DlibReference.Entry entry : DlibReference.load()) {
      RgbImage image = entry.imageIfSame();
      if (image == null) {
        continue;
      }
      for (DlibReference.Face face : entry.faces(1)) {
        float[] ours =
            predictor.predict(image, face.left(), face.top(), face.right(), face.bottom());
        int[] points = ShapePredictor.toPoints(ours);
        float[] dlib = face.landmarks();
        faces++;
        for (int i = 0; i < dlib.length; i++) {
          double difference = Math.abs(ours[i] - dlib[i]);
          double tolerance = FIXTURE_ERROR + Math.ulp(dlib[i]) + 1e-6;
          assertTrue(
              difference <= tolerance,
              entry.source() + " box " + face + " value " + i + ": " + ours[i] + " vs " + dlib[i]);
          worst = Math.max(worst, difference);
          sum += difference;
          compared++;
          double fraction = dlib[i] - Math.floor(dlib[i]);
          if (Math.abs(fraction - 0.5) <= tolerance) {
            ambiguous++;
          } else if (points[i] != (int) Math.floor(dlib[i] + 0.5)) {
            roundedDiffer++;
          }
        }
      }
    }
    System.out.printf(
        "shape predictor vs dlib: %d faces, %d values, max |diff| %.4f px, mean %.5f px (fixture"
            + " step 0.01), rounded points differing %d (%d too near a half pixel to tell)%n",
        faces, compared, worst, sum / compared, roundedDiffer, ambiguous);
    assertTrue(faces > 500, "faces compared: " + faces);
    assertEquals(0, roundedDiffer, "rounded points that differ from dlib's");
  }
}
