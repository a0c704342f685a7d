package dev.facesearch.server.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.models.golden.GoldenFixture;
import dev.facesearch.models.golden.GoldenInput;
import dev.facesearch.models.golden.GoldenInputs;
import dev.facesearch.server.image.RgbImage;
import dev.facesearch.server.model.ModelRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server's embedder, through DJL and its translator, against face-api's own descriptors. */
class FaceEmbedderTest {
  private static ModelRegistry models;
  private static FaceEmbedder embedder;

  @BeforeAll
  static void load() throws Exception {
    models = ModelRegistry.open(Path.of(System.getProperty("facesearch.models.out")), 1);
    embedder = FaceEmbedder.resnet128(models, 2);
  }

  @AfterAll
  static void close() {
    embedder.close();
    models.close();
  }

  private static List<GoldenInput> inputs() throws Exception {
    return GoldenInputs.faceRecognition();
  }

  private static RgbImage image(GoldenInput input) {
    return new RgbImage(input.width(), input.height(), input.rgb());
  }

  @Test
  void embed_aBatch_matchesFaceApiForEachChip() throws Exception {
    GoldenFixture fixture = GoldenFixture.load("face_recognition");
    List<GoldenInput> inputs = inputs();
    List<float[]> embeddings =
        embedder.embed(inputs.stream().map(FaceEmbedderTest::image).toList());
    assertEquals(inputs.size(), embeddings.size());
    for (int i = 0; i < inputs.size(); i++) {
      GoldenFixture.Case expected = fixture.get(inputs.get(i).name());
      assertEquals(expected.sha256(), inputs.get(i).sha256());
      double difference =
          GoldenFixture.maxAbsDifference(
              expected.outputs().get("descriptor").values(), embeddings.get(i));
      assertTrue(difference <= 1e-4, inputs.get(i).name() + ": " + difference);
    }
  }

  @Test
  void embed_concurrentCallers_getTheSameAnswers() throws Exception {
    List<RgbImage> chips = inputs().stream().map(FaceEmbedderTest::image).toList();
    List<float[]> reference = new ArrayList<>();
    for (RgbImage chip : chips) {
      reference.add(embedder.embed(List.of(chip)).getFirst());
    }
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        int offset = t;
        calls.add(
            pool.submit(() -> {
              for (int i = 0; i < 10; i++) {
                int k = (i + offset) % chips.size();
                float[] got = embedder.embed(List.of(chips.get(k))).getFirst();
                // Same model, same input, same thread count per session: same floats.
                assertArrayEquals(reference.get(k), got, 1e-6f);
              }
              return null;
            }));
      }
      for (Future<?> call : calls) {
        call.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
