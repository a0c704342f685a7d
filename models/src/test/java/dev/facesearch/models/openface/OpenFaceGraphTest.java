package dev.facesearch.models.openface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.models.BuiltModel;
import dev.facesearch.models.golden.OnnxRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole nn4.small2.v1 graph on generated weights, built once from the CSV folder and once from
 * the .t7 file, run through DJL and ONNX Runtime.
 */
class OpenFaceGraphTest {
  private static final int SIZE = OpenFaceLayers.INPUT_SIZE;
  private static final int PIXELS = 3 * SIZE * SIZE;

  @TempDir static Path temp;

  private static BuiltModel fromCsv;
  private static BuiltModel fromT7;
  private static OnnxRunner csvRunner;
  private static OnnxRunner t7Runner;

  @BeforeAll
  static void build() throws Exception {
    Path csv = GeneratedOpenFace.csvFolder();
    Path t7 = GeneratedOpenFace.t7File();
    fromCsv = OpenFaceGraph.build(OpenFaceWeights.read(csv), OpenFaceSource.of(csv));
    fromT7 = OpenFaceGraph.build(OpenFaceWeights.read(t7), OpenFaceSource.of(t7));
    csvRunner = OnnxRunner.open(write(fromCsv, "csv.onnx"));
    t7Runner = OnnxRunner.open(write(fromT7, "t7.onnx"));
  }

  private static Path write(BuiltModel model, String name) throws Exception {
    Path file = temp.resolve(name);
    Files.write(file, model.model().toByteArray());
    return file;
  }

  @AfterAll
  static void close() {
    csvRunner.close();
    t7Runner.close();
  }

  /** Seeded images with values in [0, 1], one after another. */
  private static float[] images(long seed, int count) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[count * PIXELS];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble();
    }
    return x;
  }

  private static float[] embed(OnnxRunner runner, float[] images) {
    int batch = images.length / PIXELS;
    OnnxRunner.Output out = runner.run("image", images, batch, 3, SIZE, SIZE).get("embedding");
    assertArrayEquals(new long[] {batch, OpenFaceLayers.EMBEDDING_SIZE}, out.shape());
    return out.values();
  }

  private static double maxAbsDifference(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  @Test
  void csvAndT7_giveTheSameGraphAndEmbeddings() {
    // Same weights, bit for bit, so the same graph (only the metadata naming the source differs).
    assertEquals(fromCsv.model().getGraph(), fromT7.model().getGraph());
    float[] x = images(1, 1);
    double difference = maxAbsDifference(embed(csvRunner, x), embed(t7Runner, x));
    System.out.printf("openface csv vs t7: max |difference| %.2e%n", difference);
    assertEquals(0.0, difference);
  }

  @Test
  void graph_matchesAPlainJavaForwardPassOfTheTorchModules() {
    float[] x = images(5, 1);
    double[][][] image = new double[3][SIZE][SIZE];
    for (int i = 0; i < PIXELS; i++) {
      image[i / (SIZE * SIZE)][i / SIZE % SIZE][i % SIZE] = x[i];
    }
    double[] expected = new TorchReferenceNet(GeneratedOpenFace.weights()).forward(image);
    float[] actual = embed(t7Runner, x);
    double difference = 0;
    for (int i = 0; i < expected.length; i++) {
      difference = Math.max(difference, Math.abs(expected[i] - actual[i]));
    }
    System.out.printf(
        "openface onnx vs plain-Java Torch reference: max |difference| %.2e%n", difference);
    assertTrue(difference <= 1e-5, "max |difference| " + difference);
  }

  @Test
  void embedding_hasUnitNorm() {
    float[] e = embed(t7Runner, images(2, 1));
    double sum = 0;
    for (float v : e) {
      sum += v * v;
    }
    assertEquals(1.0, Math.sqrt(sum), 1e-5);
  }

  @Test
  void embedding_isDeterministic() {
    float[] x = images(3, 1);
    assertArrayEquals(embed(t7Runner, x), embed(t7Runner, x));
  }

  @Test
  void batchOfTwo_equalsTwoSingles() {
    float[] x = images(4, 2);
    float[] both = embed(t7Runner, x);
    float[] first = embed(t7Runner, Arrays.copyOfRange(x, 0, PIXELS));
    float[] second = embed(t7Runner, Arrays.copyOfRange(x, PIXELS, 2 * PIXELS));
    int n = OpenFaceLayers.EMBEDDING_SIZE;
    double difference =
        Math.max(
            maxAbsDifference(Arrays.copyOfRange(both, 0, n), first),
            maxAbsDifference(Arrays.copyOfRange(both, n, 2 * n), second));
    System.out.printf("openface batch of 2 vs singles: max |difference| %.2e%n", difference);
    assertTrue(difference <= 1e-6, "max |difference| " + difference);
    // And the two faces are told apart: the weights carry the input through to the end.
    assertTrue(maxAbsDifference(first, second) > 1e-3, "different inputs, same embedding");
  }

  @Test
  void card_describesTheUsersWeights() {
    var card = fromT7.card();
    assertEquals("face-embedding", card.task());
    assertEquals("Apache-2.0", card.source().license());
    assertEquals(OpenFaceSource.NAME, card.source().name());
    assertEquals(64, card.source().sha256().length());
    assertEquals(java.util.List.of(-1, 3, SIZE, SIZE), card.input().shape());
    assertEquals("embedding", card.outputs().getFirst().name());
    assertTrue(card.alignment().contains("OUTER_EYES_AND_NOSE"));
    assertEquals(OpenFaceGraph.DEFAULT_MATCH_THRESHOLD, card.defaultMatchThreshold());
    assertEquals(OpenFaceGraph.NAME, fromT7.name());
  }
}
