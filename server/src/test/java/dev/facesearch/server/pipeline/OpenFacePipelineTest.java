package dev.facesearch.server.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.models.BuiltModel;
import dev.facesearch.models.ModelManifest;
import dev.facesearch.models.openface.OpenFaceGraph;
import dev.facesearch.models.openface.OpenFaceSource;
import dev.facesearch.models.openface.RandomOpenFaceWeights;
import dev.facesearch.server.core.FailedPreconditionException;
import dev.facesearch.server.core.Sha256;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.embed.EmbeddingModel;
import dev.facesearch.server.image.ImageDecoder;
import dev.facesearch.server.model.ModelRegistry;
import dev.facesearch.server.testing.SharedFaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenFace path of the pipeline (96x96 OUTER_EYES_AND_NOSE crop, NCHW [0, 1] translator), with
 * an nn4.small2.v1 graph of seeded random weights: the real weights cannot be fetched here, so this
 * checks the plumbing, shapes, unit norm and determinism, not recognition.
 */
class OpenFacePipelineTest {
  @TempDir Path models;

  @Test
  void openFaceCollection_embedsEveryFaceAsAUnit128Vector() throws Exception {
    SharedFaces.assumePresent();
    Path built = Path.of(System.getProperty("facesearch.models.out"));
    ModelManifest manifest =
        ModelManifest.fromJson(Files.readString(built.resolve(ModelManifest.FILE_NAME)));
    List<ModelManifest.Entry> entries = new ArrayList<>(manifest.models());
    for (ModelManifest.Entry entry : manifest.models()) {
      Files.createSymbolicLink(
          models.resolve(entry.file()), built.resolve(entry.file()).toAbsolutePath());
    }
    Path weights = models.resolve("generated-weights");
    Files.writeString(weights, "seeded random weights of nn4.small2.v1's shapes");
    BuiltModel openFace =
        OpenFaceGraph.build(
            RandomOpenFaceWeights.generate(7),
            new OpenFaceSource(weights, Sha256.hex(Files.readAllBytes(weights)), ""));
    byte[] onnx = openFace.model().toByteArray();
    Files.write(models.resolve(openFace.name() + ".onnx"), onnx);
    entries.add(
        new ModelManifest.Entry(
            openFace.name(), openFace.name() + ".onnx", Sha256.hex(onnx), openFace.card()));
    Files.writeString(
        models.resolve(ModelManifest.FILE_NAME),
        new ModelManifest(ModelManifest.FORMAT, "test", entries).toJson());

    byte[] photo =
        SharedFaces.read(
            "face-recognition-examples/examples/knn_examples/test/obama_and_biden.jpg");
    try (ModelRegistry registry = ModelRegistry.open(models, 1);
        FaceModels faceModels = new FaceModels(registry, 1)) {
      FacePipeline pipeline =
          new FacePipeline(new ImageDecoder(20 << 20, 40_000_000), faceModels, 0);
      ImageFaces first =
          pipeline.analyze(
              photo,
              Sha256.hex(photo),
              EmbeddingModel.OPENFACE,
              pipeline.resolve(DetectionSettings.NONE));
      ImageFaces again =
          pipeline.analyze(
              photo,
              Sha256.hex(photo),
              EmbeddingModel.OPENFACE,
              pipeline.resolve(DetectionSettings.NONE));
      assertTrue(first.faces().size() >= 2, "faces: " + first.faces().size());
      for (int i = 0; i < first.faces().size(); i++) {
        float[] embedding = first.faces().get(i).embedding();
        assertEquals(128, embedding.length);
        double norm = 0;
        for (float v : embedding) {
          norm += v * v;
        }
        assertEquals(1.0, Math.sqrt(norm), 1e-4, "the graph L2-normalises");
        assertArrayEquals(embedding, again.faces().get(i).embedding(), 1e-6f);
      }
    }
  }

  @Test
  void openFaceCollection_withoutItsWeights_isAFailedPrecondition() throws Exception {
    try (ModelRegistry registry =
            ModelRegistry.open(Path.of(System.getProperty("facesearch.models.out")), 1);
        FaceModels faceModels = new FaceModels(registry, 1)) {
      assertThrows(
          FailedPreconditionException.class, () -> faceModels.embedding(EmbeddingModel.OPENFACE));
    }
  }
}
