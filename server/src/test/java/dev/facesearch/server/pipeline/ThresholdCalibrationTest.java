package dev.facesearch.server.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.models.faceapi.FaceRecognitionNetGraph;
import dev.facesearch.server.core.Sha256;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.embed.EmbeddingModel;
import dev.facesearch.server.image.ImageDecoder;
import dev.facesearch.server.model.ModelRegistry;
import dev.facesearch.server.testing.SharedFaces;
import dev.facesearch.server.vector.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Re-measures the default match threshold of the ResNet-128 model: the equal-error point over all
 * pairs of the 100 photos of {@code lfw-subset} (10 people x 10), each photo's person being its
 * most central face, through the whole pipeline with the default detector. The default in
 * models.json must stay within 0.02 of it, and at that point both error rates must be small.
 */
class ThresholdCalibrationTest {

  @Test
  void defaultThreshold_isTheEqualErrorPointOfLfwSubsetPairs() throws Exception {
    SharedFaces.assumePresent();
    List<String> people = new ArrayList<>();
    List<float[]> embeddings = new ArrayList<>();
    try (ModelRegistry registry =
            ModelRegistry.open(Path.of(System.getProperty("facesearch.models.out")), 2);
        FaceModels models = new FaceModels(registry, 2)) {
      FacePipeline pipeline = new FacePipeline(new ImageDecoder(20 << 20, 40_000_000), models, 0);
      List<Path> photos;
      try (Stream<Path> files = Files.walk(SharedFaces.folder().resolve("lfw-subset"))) {
        photos = files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList();
      }
      for (Path photo : photos) {
        byte[] bytes = Files.readAllBytes(photo);
        ImageFaces found =
            pipeline.analyze(
                bytes,
                Sha256.hex(bytes),
                EmbeddingModel.RESNET128,
                pipeline.resolve(DetectionSettings.NONE));
        FaceFound central =
            found.faces().stream()
                .min(Comparator.comparingDouble(f -> centreOffset(f, found)))
                .orElseThrow(() -> new AssertionError("no face in " + photo));
        people.add(photo.getParent().getFileName().toString());
        embeddings.add(Vectors.toUnitLength(central.embedding(), 128));
      }
    }
    List<Double> same = new ArrayList<>();
    List<Double> different = new ArrayList<>();
    for (int i = 0; i < embeddings.size(); i++) {
      for (int j = i + 1; j < embeddings.size(); j++) {
        double d = Vectors.squareDistance(embeddings.get(i), embeddings.get(j));
        (people.get(i).equals(people.get(j)) ? same : different).add(d);
      }
    }
    double equalError = 0;
    double gap = Double.MAX_VALUE;
    for (double t = 0.05; t <= 0.6; t += 0.0025) {
      double g = Math.abs(rejected(same, t) - accepted(different, t));
      if (g < gap) {
        gap = g;
        equalError = t;
      }
    }
    double threshold = FaceRecognitionNetGraph.DEFAULT_MATCH_THRESHOLD;
    System.out.printf(
        "lfw-subset: %d same, %d different pairs; equal-error threshold %.4f (same rejected %.4f,"
            + " others accepted %.4f); default %.4f rejects %.4f and accepts %.4f%n",
        same.size(),
        different.size(),
        equalError,
        rejected(same, equalError),
        accepted(different, equalError),
        threshold,
        rejected(same, threshold),
        accepted(different, threshold));
    assertTrue(
        Math.abs(equalError - threshold) <= 0.02, "equal-error point moved to " + equalError);
    assertTrue(rejected(same, threshold) < 0.03 && accepted(different, threshold) < 0.03);
  }

  private static double centreOffset(FaceFound face, ImageFaces image) {
    return Math.hypot(
        face.detection().x() + face.detection().width() / 2 - image.width() / 2.0,
        face.detection().y() + face.detection().height() / 2 - image.height() / 2.0);
  }

  private static double rejected(List<Double> same, double threshold) {
    return same.stream().filter(d -> d > threshold).count() / (double) same.size();
  }

  private static double accepted(List<Double> different, double threshold) {
    return different.stream().filter(d -> d <= threshold).count() / (double) different.size();
  }
}
