package dev.facesearch.server.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.facesearch.server.core.Sha256;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.embed.EmbeddingModel;
import dev.facesearch.server.image.ImageDecoder;
import dev.facesearch.server.model.ModelRegistry;
import dev.facesearch.server.testing.SharedFaces;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A repeated image is answered from the cache, skipping every stage; other settings are not. */
class FacePipelineCacheTest {

  @Test
  void repeatedImage_skipsEveryStage_butOtherDetectionSettingsDoNot() throws Exception {
    SharedFaces.assumePresent();
    byte[] photo = SharedFaces.read("openface-examples/examples/lennon-1.jpg");
    String hash = Sha256.hex(photo);
    try (ModelRegistry registry =
            ModelRegistry.open(Path.of(System.getProperty("facesearch.models.out")), 1);
        FaceModels models = new FaceModels(registry, 1)) {
      FacePipeline pipeline =
          new FacePipeline(new ImageDecoder(20 << 20, 40_000_000), models, 1 << 20);
      DetectionSettings.Resolved ssd = DetectionSettings.NONE.resolve();
      ImageFaces first = pipeline.analyze(photo, hash, EmbeddingModel.RESNET128, ssd);
      ImageFaces second = pipeline.analyze(photo, hash, EmbeddingModel.RESNET128, ssd);
      assertSame(first, second);
      assertEquals(1, pipeline.cacheStats().hitCount());
      assertEquals(1, decodes(pipeline), "the hit skipped decoding");
      assertEquals(1, pipeline.stats().stages().get(4).count(), "and embedding");

      DetectionSettings.Resolved tiny = DetectionSettings.of(DetectorKind.TINY_FACE).resolve();
      pipeline.analyze(photo, hash, EmbeddingModel.RESNET128, tiny);
      assertEquals(2, decodes(pipeline), "other settings, other results");
    }
  }

  private static long decodes(FacePipeline pipeline) {
    return pipeline.stats().stages().getFirst().count();
  }
}
