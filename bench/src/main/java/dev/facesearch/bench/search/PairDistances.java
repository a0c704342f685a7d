package dev.facesearch.bench.search;

import dev.facesearch.server.vector.Vectors;
import java.util.Arrays;
import java.util.Random;
import org.apache.lucene.util.VectorUtil;

/**
 * Median squared L2 distances of pairs drawn from a {@link FaceModel}, before and after scaling to
 * unit length: the check that synthetic faces have the spread of the real ones they imitate.
 *
 * @param sameRaw two raw photos of one identity
 * @param randomRaw raw photos of two different identities
 * @param sameUnit two unit photos of one identity
 * @param randomUnit unit photos of two different identities
 * @param photoToIdentity a unit photo and its unit-scaled identity
 * @param rawNorm median length of a raw photo
 */
record PairDistances(
    double sameRaw,
    double randomRaw,
    double sameUnit,
    double randomUnit,
    double photoToIdentity,
    double rawNorm) {

  static PairDistances sample(FaceModel model, int pairs, long seed) {
    Random random = new Random(seed);
    int n = model.dimension();
    double[] sameRaw = new double[pairs];
    double[] randomRaw = new double[pairs];
    double[] sameUnit = new double[pairs];
    double[] randomUnit = new double[pairs];
    double[] toIdentity = new double[pairs];
    double[] norms = new double[pairs];
    for (int p = 0; p < pairs; p++) {
      float[] identity = model.identity(random);
      float[] other = model.identity(random);
      float[] a = model.rawPhoto(identity, random);
      float[] b = model.rawPhoto(identity, random);
      float[] c = model.rawPhoto(other, random);
      float[] unitA = Vectors.toUnitLength(a, n);
      sameRaw[p] = Vectors.squareDistance(a, b);
      randomRaw[p] = Vectors.squareDistance(a, c);
      sameUnit[p] = Vectors.squareDistance(unitA, Vectors.toUnitLength(b, n));
      randomUnit[p] = Vectors.squareDistance(unitA, Vectors.toUnitLength(c, n));
      toIdentity[p] = Vectors.squareDistance(unitA, Vectors.toUnitLength(identity, n));
      norms[p] = Math.sqrt(VectorUtil.dotProduct(a, a));
    }
    return new PairDistances(
        median(sameRaw),
        median(randomRaw),
        median(sameUnit),
        median(randomUnit),
        median(toIdentity),
        median(norms));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
