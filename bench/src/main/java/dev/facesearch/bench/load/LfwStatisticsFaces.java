package dev.facesearch.bench.load;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Embeddings drawn like real resnet128 ones, from statistics of 7,701 embedded LFW photos ({@code
 * shared/data/embedding-stats/resnet128-lfw.json}): an identity is the mean plus a draw from the
 * between-person covariance, a photo is its identity plus a draw from the within-person covariance,
 * scaled to unit length. Their effective dimension is about 24, not 128, as with real faces.
 */
public final class LfwStatisticsFaces implements FaceVectors {
  /** The statistics file, under the shared folder. */
  public static final String FILE = "data/embedding-stats/resnet128-lfw.json";

  private final float[] mean;
  private final double[][] betweenRoot;
  private final double[][] withinRoot;

  private LfwStatisticsFaces(float[] mean, double[][] betweenRoot, double[][] withinRoot) {
    this.mean = mean;
    this.betweenRoot = betweenRoot;
    this.withinRoot = withinRoot;
  }

  /** Reads the statistics file. */
  public static LfwStatisticsFaces read(Path json) throws IOException {
    try (Reader reader = Files.newBufferedReader(json)) {
      JsonObject stats = JsonParser.parseReader(reader).getAsJsonObject();
      JsonArray meanJson = stats.getAsJsonArray("mean");
      float[] mean = new float[meanJson.size()];
      for (int i = 0; i < mean.length; i++) {
        mean[i] = meanJson.get(i).getAsFloat();
      }
      return new LfwStatisticsFaces(
          mean,
          squareRoot(matrix(stats.getAsJsonArray("between_covariance"))),
          squareRoot(matrix(stats.getAsJsonArray("within_covariance"))));
    }
  }

  private static double[][] matrix(JsonArray rows) {
    double[][] m = new double[rows.size()][];
    for (int i = 0; i < m.length; i++) {
      JsonArray row = rows.get(i).getAsJsonArray();
      m[i] = new double[row.size()];
      for (int j = 0; j < m[i].length; j++) {
        m[i][j] = row.get(j).getAsDouble();
      }
    }
    return m;
  }

  /**
   * The symmetric square root of a covariance, R = V sqrt(L) V^T, so that R z has that covariance
   * for standard normal z. Eigenvalues rounded below zero are clamped to 0.
   */
  private static double[][] squareRoot(double[][] covariance) {
    EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(covariance));
    RealMatrix v = eigen.getV();
    double[] values = eigen.getRealEigenvalues();
    RealMatrix scaled = v.copy();
    for (int j = 0; j < values.length; j++) {
      double s = Math.sqrt(Math.max(0, values[j]));
      for (int i = 0; i < values.length; i++) {
        scaled.multiplyEntry(i, j, s);
      }
    }
    return scaled.multiply(v.transpose()).getData();
  }

  @Override
  public String description() {
    return "drawn from LFW resnet128 statistics (effective dimension ~24)";
  }

  @Override
  public float[] identity(Random random) {
    float[] identity = draw(betweenRoot, random);
    for (int i = 0; i < identity.length; i++) {
      identity[i] += mean[i];
    }
    return identity;
  }

  @Override
  public float[] photo(float[] identity, Random random) {
    float[] photo = draw(withinRoot, random);
    for (int i = 0; i < photo.length; i++) {
      photo[i] += identity[i];
    }
    return FaceVectors.unit(photo);
  }

  /** root * z for a standard normal z. */
  private static float[] draw(double[][] root, Random random) {
    double[] z = new double[root.length];
    for (int i = 0; i < z.length; i++) {
      z[i] = random.nextGaussian();
    }
    float[] out = new float[root.length];
    for (int i = 0; i < root.length; i++) {
      double sum = 0;
      for (int j = 0; j < z.length; j++) {
        sum += root[i][j] * z[j];
      }
      out[i] = (float) sum;
    }
    return out;
  }
}
