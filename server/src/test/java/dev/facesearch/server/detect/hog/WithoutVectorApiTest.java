package dev.facesearch.server.detect.hog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.facesearch.server.image.RgbImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * On a JVM started without {@code --add-modules jdk.incubator.vector} the detector still loads,
 * falls back to the plain loops and finds the same faces: run in a child JVM without the flag.
 */
class WithoutVectorApiTest {
  @Test
  void read_withoutTheModule_fallsBackToPlainLoopsWithTheSameResults() throws Exception {
    Path model = CompactModels.assumeFrontalFace();
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx256m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Child.class.getName(),
                    model.toString()))
            .redirectErrorStream(true)
            .start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    child.waitFor(60, TimeUnit.SECONDS);
    assertEquals(0, child.exitValue(), out);
    String[] lines = out.strip().split("\n");
    assertEquals("vectorized=false", lines[lines.length - 2].strip(), out);
    String expected = Child.run(HogFaceDetector.read(model));
    assertNotEquals("[]", expected);
    assertEquals(expected, lines[lines.length - 1].strip());
  }

  /** The child JVM's program: prints whether it vectorized, then the detections it found. */
  static final class Child {
    private Child() {}

    public static void main(String[] args) throws IOException {
      HogFaceDetector detector = HogFaceDetector.read(Path.of(args[0]));
      System.out.println("vectorized=" + detector.vectorized());
      System.out.println(run(detector));
    }

    /** Detections on seeded noise, upsampled and at a low threshold so that there are some. */
    static String run(HogFaceDetector detector) {
      Random random = new Random(17);
      byte[] px = new byte[160 * 120 * 3];
      random.nextBytes(px);
      return detector.detect(new RgbImage(160, 120, px), 1, -1.5).toString();
    }
  }
}
