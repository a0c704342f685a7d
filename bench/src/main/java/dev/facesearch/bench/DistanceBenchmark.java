package dev.facesearch.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.util.VectorUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Distance kernels on embeddings: squared L2 and dot product, each as a plain scalar loop, as
 * Lucene's {@link VectorUtil} on floats (the Panama vector API when {@code --add-modules
 * jdk.incubator.vector} is on: the launcher adds it, and the setup prints whether it is), and as
 * {@link VectorUtil} on int8-quantised vectors (what a scalar-quantised index compares).
 *
 * <p>Data: two seeded Gaussian vectors per size; the int8 copies are the floats scaled by 127 /
 * max|x| and rounded. Sizes: 128 (the embeddings), the odd 127 and 129 (the vector loops' tails),
 * and 512. Unit: operations per microsecond. Run: {@code ./facesearch bench DistanceBenchmark}; the
 * target (VectorUtil >= 4x the scalar loop at 128) is read from the squareDistanceScalar and
 * squareDistanceVectorUtil rows of one run.
 */
// Throughput in operations per microsecond, as the issue reports them.
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// One state per thread: no sharing, no false contention.
@State(Scope.Thread)
// Short warm-up and measurement: these kernels reach steady state in well under a second.
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// One fork keeps a run short; the error column says how noisy the machine was.
@Fork(1)
public class DistanceBenchmark {
  // 128 is the embedding size; 127 and 129 exercise loop tails; 512 a larger model.
  @Param({"127", "128", "129", "512"})
  int size;

  float[] a;
  float[] b;
  byte[] a8;
  byte[] b8;

  @Setup(Level.Trial)
  public void setup() {
    System.out.println();
    System.out.println(VectorApi.describe());
    Random random = new Random(size);
    a = new float[size];
    b = new float[size];
    for (int i = 0; i < size; i++) {
      a[i] = (float) random.nextGaussian();
      b[i] = (float) random.nextGaussian();
    }
    a8 = quantise(a);
    b8 = quantise(b);
  }

  /** Symmetric int8 quantisation: x * 127 / max|x|, rounded. */
  static byte[] quantise(float[] v) {
    float max = 0;
    for (float x : v) {
      max = Math.max(max, Math.abs(x));
    }
    byte[] q = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      q[i] = (byte) Math.round(v[i] * 127 / max);
    }
    return q;
  }

  @Benchmark
  public float squareDistanceScalar() {
    float sum = 0;
    for (int i = 0; i < a.length; i++) {
      float d = a[i] - b[i];
      sum += d * d;
    }
    return sum;
  }

  @Benchmark
  public float squareDistanceVectorUtil() {
    return VectorUtil.squareDistance(a, b);
  }

  @Benchmark
  public int squareDistanceInt8() {
    return VectorUtil.squareDistance(a8, b8);
  }

  @Benchmark
  public float dotProductScalar() {
    float sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  @Benchmark
  public float dotProductVectorUtil() {
    return VectorUtil.dotProduct(a, b);
  }

  @Benchmark
  public int dotProductInt8() {
    return VectorUtil.dotProduct(a8, b8);
  }
}
