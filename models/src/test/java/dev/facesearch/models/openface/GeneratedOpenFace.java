package dev.facesearch.models.openface;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One set of generated nn4.small2.v1 weights per test run, written once as a Keras-OpenFace CSV
 * folder (with two extra files that the reader must leave alone) and as a {@code .t7} file, in a
 * temporary folder removed when the JVM exits.
 */
final class GeneratedOpenFace {
  static final long SEED = 20160108;

  /** Names of files that are not weights of the model, beside the 224 that are. */
  static final String[] EXTRA_FILES = {
    "inception_3c_3x3_conv3_w.csv", "inception_3c_3x3_conv3_b.csv"
  };

  private static OpenFaceWeights weights;
  private static Path folder;

  private GeneratedOpenFace() {}

  static synchronized OpenFaceWeights weights() {
    if (weights == null) {
      weights = RandomOpenFaceWeights.generate(SEED);
    }
    return weights;
  }

  static synchronized Path csvFolder() {
    Path csv = folder().resolve("weights");
    if (!Files.exists(csv)) {
      try {
        KerasCsvWriter.write(weights(), csv);
        for (String extra : EXTRA_FILES) {
          Files.writeString(csv.resolve(extra), "not,a,weight,of,the,model\n");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return csv;
  }

  static synchronized Path t7File() {
    Path t7 = folder().resolve("nn4.small2.v1.t7");
    if (!Files.exists(t7)) {
      try {
        Files.write(t7, OpenFaceT7Writer.write(weights(), OpenFaceT7Writer.Options.CURRENT));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return t7;
  }

  private static Path folder() {
    if (folder == null) {
      try {
        folder = Files.createTempDirectory("openface-test");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Path created = folder;
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> delete(created), "delete-openface-test"));
    }
    return folder;
  }

  private static void delete(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Only a temporary folder left behind.
    }
  }
}
