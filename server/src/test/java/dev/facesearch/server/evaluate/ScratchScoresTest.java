package dev.facesearch.server.evaluate;

import dev.facesearch.server.detect.DetectionOptions;
import dev.facesearch.server.detect.OnnxFaceDetector;
import dev.facesearch.server.detect.TwoScaleDetector;
import dev.facesearch.server.image.ImageDecoder;
import dev.facesearch.server.image.RgbImage;
import dev.facesearch.server.model.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ScratchScoresTest {
  @Test
  void scores() throws Exception {
    ImageDecoder decoder = new ImageDecoder(20 << 20, 40_000_000);
    try (ModelRegistry models =
            ModelRegistry.open(Path.of(System.getProperty("facesearch.models.out")), 1);
        TwoScaleDetector ssd = new TwoScaleDetector(OnnxFaceDetector.ssdMobilenetV1(models, 1));
        TwoScaleDetector tiny =
            new TwoScaleDetector(OnnxFaceDetector.tinyFaceDetector(models, 1))) {
      Path faces = Path.of(System.getProperty("facesearch.shared"), "data", "faces");
      List<Path> files = new ArrayList<>();
      try (Stream<Path> s = Files.walk(faces.resolve("lfw-subset"))) {
        s.filter(f -> f.toString().endsWith(".jpg")).sorted().forEach(files::add);
      }
      int noSsd = 0, noTiny = 0;
      long t0 = System.nanoTime();
      for (Path f : files) {
        RgbImage img = decoder.decode(Files.readAllBytes(f));
        if (ssd.detect(img, DetectionOptions.ssdDefaults()).isEmpty()) {
          noSsd++;
          System.out.println("NOSSD " + f.getFileName());
        }
      }
      long t1 = System.nanoTime();
      for (Path f : files) {
        RgbImage img = decoder.decode(Files.readAllBytes(f));
        if (tiny.detect(img, DetectionOptions.tinyDefaults()).isEmpty()) {
          noTiny++;
          System.out.println("NOTINY " + f.getFileName());
        }
      }
      long t2 = System.nanoTime();
      System.out.printf(
          "SUMMARY lfw no-face ssd=%d tiny=%d; ms/img ssd=%.1f tiny=%.1f%n",
          noSsd, noTiny, (t1 - t0) / 1e6 / files.size(), (t2 - t1) / 1e6 / files.size());
      RgbImage dogs = decoder.decode(Files.readAllBytes(faces.resolve("dlib-faces/dogs.jpg")));
      System.out.println("DOGS ssd " + ssd.detect(dogs, DetectionOptions.ssdDefaults()));
      System.out.println("DOGS tiny " + tiny.detect(dogs, DetectionOptions.tinyDefaults()));
    }
  }
}
