package dev.facesearch.models.openface;

import dev.facesearch.models.onnx.FloatTensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded random weights of the exact shapes of nn4.small2.v1, standing in for the real ones, which
 * cannot be downloaded here.
 *
 * <p>The values keep activations in a sane range through the whole network (He-scaled filters,
 * batch norm near identity), so the embeddings of different inputs differ and a wrong layer shows.
 */
public final class RandomOpenFaceWeights {
  private RandomOpenFaceWeights() {}

  public static OpenFaceWeights generate(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, OpenFaceWeights.ConvBn> layers = new LinkedHashMap<>();
    for (OpenFaceLayers.Conv conv : OpenFaceLayers.convs()) {
      int out = conv.out();
      int fanIn = conv.in() * conv.kernel() * conv.kernel();
      layers.put(
          conv.name(),
          new OpenFaceWeights.ConvBn(
              gaussian(
                  random, Math.sqrt(2.0 / fanIn), out, conv.in(), conv.kernel(), conv.kernel()),
              gaussian(random, 0.05, out),
              uniform(random, 0.5, 1.5, out),
              gaussian(random, 0.1, out),
              gaussian(random, 0.1, out),
              uniform(random, 0.5, 1.5, out),
              OpenFaceLayers.BN_EPSILON));
    }
    return new OpenFaceWeights(
        layers,
        gaussian(
            random,
            Math.sqrt(1.0 / OpenFaceLayers.FEATURES),
            OpenFaceLayers.EMBEDDING_SIZE,
            OpenFaceLayers.FEATURES),
        gaussian(random, 0.05, OpenFaceLayers.EMBEDDING_SIZE));
  }

  private static FloatTensor gaussian(SplittableRandom random, double sigma, int... shape) {
    float[] values = new float[Math.toIntExact(FloatTensor.size(shape))];
    for (int i = 0; i < values.length; i++) {
      // Box-Muller, so the values depend on the seed alone.
      double u = 1 - random.nextDouble();
      double v = random.nextDouble();
      values[i] = (float) (sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    }
    return new FloatTensor(shape, values);
  }

  private static FloatTensor uniform(SplittableRandom random, double low, double high, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextDouble(low, high);
    }
    return new FloatTensor(new int[] {n}, values);
  }
}
