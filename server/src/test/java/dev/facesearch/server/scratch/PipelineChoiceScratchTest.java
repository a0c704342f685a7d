package dev.facesearch.server.scratch;

import dev.facesearch.server.core.Sha256;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.embed.EmbeddingModel;
import dev.facesearch.server.image.ImageDecoder;
import dev.facesearch.server.landmark.LandmarkModel;
import dev.facesearch.server.model.ModelRegistry;
import dev.facesearch.server.pipeline.FaceFound;
import dev.facesearch.server.pipeline.FaceModels;
import dev.facesearch.server.pipeline.FacePipeline;
import dev.facesearch.server.pipeline.ImageFaces;
import dev.facesearch.server.testing.SharedFaces;
import dev.facesearch.server.vector.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

@EnabledIfSystemProperty(named = "scratch", matches = "choice")
class PipelineChoiceScratchTest {
  record Config(String name, DetectionSettings settings) {}

  @Test
  void measure() throws Exception {
    List<Config> configs =
        List.of(
            new Config(
                "ssd+faceapi",
                DetectionSettings.of(DetectorKind.SSD_MOBILENET_V1, LandmarkModel.FACE_API)),
            new Config(
                "ssd+dlib",
                DetectionSettings.of(DetectorKind.SSD_MOBILENET_V1, LandmarkModel.DLIB)),
            new Config(
                "hog0+dlib",
                new DetectionSettings(
                    DetectorKind.DLIB_HOG,
                    null,
                    null,
                    null,
                    null,
                    null,
                    0,
                    true,
                    LandmarkModel.DLIB)),
            new Config(
                "hog1+dlib",
                new DetectionSettings(
                    DetectorKind.DLIB_HOG,
                    null,
                    null,
                    null,
                    null,
                    null,
                    1,
                    true,
                    LandmarkModel.DLIB)),
            new Config(
                "hog1+faceapi",
                new DetectionSettings(
                    DetectorKind.DLIB_HOG,
                    null,
                    null,
                    null,
                    null,
                    null,
                    1,
                    true,
                    LandmarkModel.FACE_API)),
            new Config(
                "tiny+dlib", DetectionSettings.of(DetectorKind.TINY_FACE, LandmarkModel.DLIB)),
            new Config(
                "haar+dlib", DetectionSettings.of(DetectorKind.HAAR_CASCADE, LandmarkModel.DLIB)));
    List<Path> photos;
    try (Stream<Path> files = Files.walk(SharedFaces.folder().resolve("lfw-subset"))) {
      photos = files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList();
    }
    try (ModelRegistry registry =
            ModelRegistry.open(Path.of(System.getProperty("facesearch.models.out")), 1);
        FaceModels models = new FaceModels(registry, 1)) {
      FacePipeline pipeline = new FacePipeline(new ImageDecoder(20 << 20, 40_000_000), models, 0);
      for (Config config : configs) {
        List<String> people = new ArrayList<>();
        List<float[]> embeddings = new ArrayList<>();
        int missing = 0;
        int fallback = 0;
        for (Path photo : photos) {
          byte[] bytes = Files.readAllBytes(photo);
          ImageFaces found =
              pipeline.analyze(
                  bytes, Sha256.hex(bytes), EmbeddingModel.RESNET128, config.settings().resolve());
          FaceFound central =
              found.faces().stream()
                  .min(
                      Comparator.comparingDouble(f ->
                          Math.hypot(
                              f.detection().x() + f.detection().width() / 2 - found.width() / 2.0,
                              f.detection().y()
                                  + f.detection().height() / 2
                                  - found.height() / 2.0)))
                  .orElse(null);
          if (central == null) {
            missing++;
            continue;
          }
          if (central.detector() != config.settings().resolve().detector()) {
            fallback++;
          }
          people.add(photo.getParent().getFileName().toString());
          embeddings.add(Vectors.toUnitLength(central.embedding(), 128));
        }
        List<Double> same = new ArrayList<>();
        List<Double> diff = new ArrayList<>();
        for (int i = 0; i < embeddings.size(); i++) {
          for (int j = i + 1; j < embeddings.size(); j++) {
            double d = Vectors.squareDistance(embeddings.get(i), embeddings.get(j));
            (people.get(i).equals(people.get(j)) ? same : diff).add(d);
          }
        }
        double best = 0, gap = 9;
        for (double t = 0.05; t <= 0.6; t += 0.0025) {
          double g = Math.abs(rej(same, t) - acc(diff, t));
          if (g < gap) {
            gap = g;
            best = t;
          }
        }
        double ms = mean(same), md = mean(diff);
        double dprime = (md - ms) / Math.sqrt((var(same, ms) + var(diff, md)) / 2);
        // errors at fixed 0.195
        int errs =
            (int)
                (same.stream().filter(d -> d > 0.195).count()
                    + diff.stream().filter(d -> d <= 0.195).count());
        Path knn = SharedFaces.folder().resolve("face-recognition-examples/examples/knn_examples");
        List<String> names = new ArrayList<>();
        List<float[]> gallery = new ArrayList<>();
        try (Stream<Path> files = Files.walk(knn.resolve("train"))) {
          for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
            byte[] b = Files.readAllBytes(f);
            ImageFaces fs =
                pipeline.analyze(
                    b, Sha256.hex(b), EmbeddingModel.RESNET128, config.settings().resolve());
            if (fs.faces().isEmpty()) {
              System.out.println("  no face in " + f);
              continue;
            }
            names.add(f.getParent().getFileName().toString());
            gallery.add(Vectors.toUnitLength(fs.faces().get(0).embedding(), 128));
          }
        }
        java.util.Map<String, List<String>> expected =
            java.util.Map.of(
                "alex_lacamoire1.jpg",
                List.of("alex_lacamoire"),
                "johnsnow_test1.jpg",
                List.of("kit_harington"),
                "kit_with_rose.jpg",
                List.of("kit_harington", "rose_leslie"),
                "obama1.jpg",
                List.of("obama"),
                "obama_and_biden.jpg",
                List.of("obama", "biden"));
        int right = 0, want = 0, wrong = 0;
        StringBuilder detail = new StringBuilder();
        for (var e : new java.util.TreeMap<>(expected).entrySet()) {
          byte[] b = Files.readAllBytes(knn.resolve("test").resolve(e.getKey()));
          ImageFaces fs =
              pipeline.analyze(
                  b, Sha256.hex(b), EmbeddingModel.RESNET128, config.settings().resolve());
          List<String> got = new ArrayList<>();
          for (FaceFound f : fs.faces()) {
            float[] u = Vectors.toUnitLength(f.embedding(), 128);
            int nearest = -1;
            double bd = 9;
            for (int g = 0; g < gallery.size(); g++) {
              double d = Vectors.squareDistance(u, gallery.get(g));
              if (d < bd) {
                bd = d;
                nearest = g;
              }
            }
            if (bd <= 0.195) got.add(names.get(nearest));
            detail.append(
                String.format(" %s:%s@%.3f", e.getKey().substring(0, 6), names.get(nearest), bd));
          }
          for (String w : e.getValue()) {
            want++;
            if (got.contains(w)) right++;
          }
          for (String g : got) if (!e.getValue().contains(g)) wrong++;
        }
        System.out.printf(
            "  knn examples: %d/%d expected found, %d wrong matches;%s%n",
            right, want, wrong, detail);
        System.out.printf(
            "%-14s missing %d fallback %d  EER t=%.4f rej %.4f acc %.4f  d'=%.3f  same mean %.4f diff mean %.4f  errors@0.195 %d/%d%n",
            config.name(),
            missing,
            fallback,
            best,
            rej(same, best),
            acc(diff, best),
            dprime,
            ms,
            md,
            errs,
            same.size() + diff.size());
      }
    }
  }

  static double mean(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  static double var(List<Double> v, double m) {
    return v.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / (v.size() - 1);
  }

  static double rej(List<Double> same, double t) {
    return same.stream().filter(d -> d > t).count() / (double) same.size();
  }

  static double acc(List<Double> diff, double t) {
    return diff.stream().filter(d -> d <= t).count() / (double) diff.size();
  }
}
