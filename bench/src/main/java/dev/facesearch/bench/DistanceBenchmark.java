package dev.facesearch.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.util.VectorUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Distance kernels on embeddings: a plain scalar loop against Lucene's {@link VectorUtil}, which
 * uses the Panama vector API when {@code --add-modules jdk.incubator.vector} is on (the launcher
 * adds it; Lucene logs "Java vector incubator API enabled" at start).
 *
 * <p>Data: two seeded Gaussian vectors per size. Sizes: 128 (the embeddings), the odd 127 and 129
 * (tails of the vector loops), and 512. Run: {@code ./facesearch bench DistanceBenchmark}.
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

  @Setup
  public void setup() {
    Random random = new Random(size);
    a = new float[size];
    b = new float[size];
    for (int i = 0; i < size; i++) {
      a[i] = (float) random.nextGaussian();
      b[i] = (float) random.nextGaussian();
    }
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
}
