package dev.facesearch.bench.search;

import java.util.Arrays;
import java.util.Random;
import org.apache.lucene.util.VectorUtil;

/**
 * Embeddings drawn with the statistics of real ones ({@link EmbeddingStats}): an identity is the
 * mean plus a draw from N(0, B), a photo the identity plus a draw from N(0, W) (the within-identity
 * covariance), then scaled to unit length as the server stores it.
 *
 * <p>B is the statistics' between-identity covariance less {@code withinShare} times W. The file's
 * between covariance is the covariance of per-person <em>mean</em> embeddings, and a mean of n
 * photos still carries W/n of photo noise; most people in it have one photo. Used as given, it
 * counts that noise twice, and random pairs come out about 0.60 apart instead of the real 0.44.
 * {@link #fitted} chooses the share (about E[1/n]) that brings the random-pair median back to the
 * real one; the same-person median depends on W only and matches either way.
 *
 * <p>Unlike {@link FaceLikeModel}, the identities crowd into a low-dimensional cone (the between
 * spectrum's effective dimension is about 24 of 128), and same-person and random pairs overlap far
 * more: closer to what a gallery of real faces asks of the index.
 */
final class RealisticModel implements FaceModel {
  /** Pairs sampled per step of the fit: the median is then good to about 1%. */
  private static final int FIT_PAIRS = 4000;

  private final EmbeddingStats stats;
  private final double withinShare;
  private final float[] mean;
  private final CorrelatedGaussian between;
  private final CorrelatedGaussian within;

  RealisticModel(EmbeddingStats stats, double withinShare) {
    if (!(withinShare >= 0 && withinShare <= 1)) {
      throw new IllegalArgumentException("within share must be in [0, 1]: " + withinShare);
    }
    this.stats = stats;
    this.withinShare = withinShare;
    this.mean = stats.mean().clone();
    this.between = new CorrelatedGaussian(betweenLessWithin(stats, withinShare));
    this.within = new CorrelatedGaussian(stats.withinCovariance());
  }

  /** The model with the between covariance used as the file gives it. */
  static RealisticModel asGiven(EmbeddingStats stats) {
    return new RealisticModel(stats, 0);
  }

  /**
   * The model whose random-pair median squared distance (before unit scaling) matches the real one,
   * by bisection on the within share with the same random draws at every step.
   */
  static RealisticModel fitted(EmbeddingStats stats) {
    double[][] withinRoot = SymmetricEigen.of(stats.withinCovariance()).squareRoot();
    Random random = new Random(1);
    int n = stats.mean().length;
    float[][] zBetween = gaussians(random, FIT_PAIRS, n);
    float[][] zWithin = gaussians(random, FIT_PAIRS, n);
    double low = 0;
    double high = 1;
    for (int step = 0; step < 14; step++) {
      double share = (low + high) / 2;
      double[][] betweenRoot = SymmetricEigen.of(betweenLessWithin(stats, share)).squareRoot();
      if (randomPairMedian(betweenRoot, withinRoot, zBetween, zWithin) > stats.randomMedian()) {
        low = share;
      } else {
        high = share;
      }
    }
    return new RealisticModel(stats, (low + high) / 2);
  }

  /**
   * Median of |a - b|^2 for raw photos of two identities: a - b ~ N(0, 2B + 2W), drawn as sqrt(2)
   * (F_B z + F_W z') with z, z' standard normal.
   */
  private static double randomPairMedian(
      double[][] betweenRoot, double[][] withinRoot, float[][] zBetween, float[][] zWithin) {
    float[][] fb = floats(betweenRoot);
    float[][] fw = floats(withinRoot);
    double[] distances = new double[zBetween.length];
    for (int p = 0; p < distances.length; p++) {
      double sum = 0;
      for (int i = 0; i < fb.length; i++) {
        double x =
            VectorUtil.dotProduct(fb[i], zBetween[p]) + VectorUtil.dotProduct(fw[i], zWithin[p]);
        sum += 2 * x * x;
      }
      distances[p] = sum;
    }
    Arrays.sort(distances);
    return distances[distances.length / 2];
  }

  private static double[][] betweenLessWithin(EmbeddingStats stats, double share) {
    double[][] b = stats.betweenCovariance();
    double[][] w = stats.withinCovariance();
    double[][] result = new double[b.length][b.length];
    for (int i = 0; i < b.length; i++) {
      for (int j = 0; j < b.length; j++) {
        result[i][j] = b[i][j] - share * w[i][j];
      }
    }
    return result;
  }

  private static float[][] gaussians(Random random, int rows, int n) {
    float[][] z = new float[rows][n];
    for (float[] row : z) {
      for (int i = 0; i < n; i++) {
        row[i] = (float) random.nextGaussian();
      }
    }
    return z;
  }

  private static float[][] floats(double[][] matrix) {
    float[][] result = new float[matrix.length][];
    for (int i = 0; i < matrix.length; i++) {
      result[i] = new float[matrix[i].length];
      for (int j = 0; j < matrix[i].length; j++) {
        result[i][j] = (float) matrix[i][j];
      }
    }
    return result;
  }

  EmbeddingStats stats() {
    return stats;
  }

  /** The share of the within covariance taken off the between covariance. */
  double withinShare() {
    return withinShare;
  }

  @Override
  public String name() {
    return "realistic";
  }

  @Override
  public int dimension() {
    return mean.length;
  }

  @Override
  public float[] identity(Random random) {
    return between.around(mean, random);
  }

  @Override
  public float[] rawPhoto(float[] identity, Random random) {
    return within.around(identity, random);
  }
}
