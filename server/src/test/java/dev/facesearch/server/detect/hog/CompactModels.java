package dev.facesearch.server.detect.hog;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real compact detector for tests (skipping without it), and synthetic ones. */
final class CompactModels {
  private CompactModels() {}

  /** Where the models build writes {@code dlib_hog_frontal_face.bin}. */
  static Path frontalFacePath() {
    String out = System.getProperty("facesearch.models.out", "../models/target/onnx");
    return Path.of(out).resolve("dlib_hog_frontal_face.bin");
  }

  /** Skips the calling test when the converted dlib detector has not been built. */
  static Path assumeFrontalFace() {
    Path path = frontalFacePath();
    assumeTrue(
        Files.isRegularFile(path),
        "skipped: dlib's detector is not built ("
            + path
            + "): ./facesearch models makes it from Debian's libdlib-dev (apt-get download, or"
            + " --dlib-dev FILE)");
    return path;
  }

  /** A compact file with the frontal detector's settings and the given filters. */
  static byte[] write(List<HogModel.Filter> filters) {
    int size = 8 + 4 * 10 + 8 * 3 + 4;
    for (HogModel.Filter f : filters) {
      size += 8 + 4;
      for (HogModel.Term t : f.terms()) {
        size += 4 + 4 * (t.row().length + t.column().length);
      }
    }
    ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    out.put(HogModel.MAGIC.getBytes(StandardCharsets.US_ASCII));
    out.putInt(HogModel.FORMAT_VERSION);
    for (int v : new int[] {8, 10, 10, 0, 6, 1000, 64, 64, HogModel.PLANES}) {
      out.putInt(v);
    }
    out.putDouble(0.330082).putDouble(0.788571).putDouble(9);
    out.putInt(filters.size());
    for (HogModel.Filter f : filters) {
      out.putDouble(f.threshold());
      out.putInt(f.terms().size());
      for (HogModel.Term t : f.terms()) {
        out.putInt(t.plane());
        for (float v : t.row()) {
          out.putFloat(v);
        }
        for (float v : t.column()) {
          out.putFloat(v);
        }
      }
    }
    return out.array();
  }
}
