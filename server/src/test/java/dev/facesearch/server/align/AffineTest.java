package dev.facesearch.server.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Fitting and inverting affine maps. */
class AffineTest {
  private static final double EPS = 1e-9;

  private static void assertSameMap(Affine expected, Affine actual) {
    double[] e = expected.toMatrix();
    double[] a = actual.toMatrix();
    for (int i = 0; i < 6; i++) {
      assertEquals(e[i], a[i], EPS * (1 + Math.abs(e[i])), "entry " + i + " of " + actual);
    }
  }

  private static double[] randomPoints(Random random, int n) {
    double[] points = new double[2 * n];
    for (int i = 0; i < points.length; i++) {
      points[i] = random.nextDouble() * 200 - 50;
    }
    return points;
  }

  private static double[] map(Affine affine, double[] points) {
    double[] out = new double[points.length];
    for (int i = 0; i < points.length; i += 2) {
      out[i] = affine.x(points[i], points[i + 1]);
      out[i + 1] = affine.y(points[i], points[i + 1]);
    }
    return out;
  }

  @Test
  void similarity_recoversAnExactSimilarity() {
    Random random = new Random(42);
    for (int trial = 0; trial < 50; trial++) {
      Affine truth =
          Synthetic.pose(
              0.1 + 5 * random.nextDouble(),
              360 * random.nextDouble() - 180,
              random.nextGaussian() * 100,
              random.nextGaussian() * 100);
      double[] from = randomPoints(random, 2 + random.nextInt(40));
      assertSameMap(truth, Affine.similarity(from, map(truth, from)));
    }
  }

  @Test
  void similarity_isTheLeastSquaresFit() {
    // Perturbing the fitted map's four parameters cannot lower the residual.
    Random random = new Random(7);
    double[] from = randomPoints(random, 33);
    double[] to = map(Synthetic.pose(1.7, 20, 5, -3), from);
    for (int i = 0; i < to.length; i++) {
      to[i] += random.nextGaussian() * 3;
    }
    Affine fit = Affine.similarity(from, to);
    double best = residual(fit, from, to);
    for (int k = 0; k < 4; k++) {
      for (double step : new double[] {-1e-3, 1e-3}) {
        double[] p = {fit.a(), fit.d(), fit.c(), fit.f()};
        p[k] += step;
        Affine moved = new Affine(p[0], -p[1], p[2], p[1], p[0], p[3]);
        assertEquals(true, residual(moved, from, to) > best, "parameter " + k + " step " + step);
      }
    }
  }

  private static double residual(Affine affine, double[] from, double[] to) {
    double[] mapped = map(affine, from);
    double sum = 0;
    for (int i = 0; i < to.length; i++) {
      sum += (mapped[i] - to[i]) * (mapped[i] - to[i]);
    }
    return sum;
  }

  @Test
  void through_mapsThreePointsExactly_andInverseUndoesIt() {
    Random random = new Random(3);
    for (int trial = 0; trial < 50; trial++) {
      double[] from = randomPoints(random, 3);
      double[] to = randomPoints(random, 3);
      Affine affine = Affine.through(from, to);
      double[] mapped = map(affine, from);
      for (int i = 0; i < 6; i++) {
        assertEquals(to[i], mapped[i], 1e-8);
      }
      double[] back = map(affine.inverse(), mapped);
      for (int i = 0; i < 6; i++) {
        assertEquals(from[i], back[i], 1e-7);
      }
    }
  }

  @Test
  void degenerateInputs_areRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Affine.through(new double[] {0, 0, 1, 1, 2, 2}, new double[6]));
    assertThrows(
        IllegalArgumentException.class,
        () -> Affine.similarity(new double[] {3, 4, 3, 4}, new double[] {0, 0, 1, 1}));
    assertThrows(IllegalArgumentException.class, () -> new Affine(1, 2, 0, 2, 4, 0).inverse());
  }
}
