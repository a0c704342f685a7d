package dev.facesearch.models.openface;

import dev.facesearch.models.onnx.FloatTensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Keras-OpenFace CSV export of nn4.small2.v1: one file per tensor, numbers separated by
 * commas (one row, or several for the dense weight).
 *
 * <p>Files, as written by Keras-OpenFace's {@code exportWeight.lua} from the Torch model: for each
 * conv {@code <conv>_w.csv} (its weight flattened in (out, in, kh, kw) order) and {@code
 * <conv>_b.csv}; for each batch norm {@code <bn>_w.csv}, {@code _b}, {@code _m}, {@code _v} (gamma,
 * beta, running mean, running variance, eps 1e-5); {@code dense_w.csv} (128 x 736, out by in,
 * row-major) and {@code dense_b.csv}. Other files in the folder are not read.
 */
public final class KerasCsvWeights {
  private KerasCsvWeights() {}

  /** The names of the files the reader takes, in table order. */
  public static List<String> fileNames() {
    List<String> names = new ArrayList<>();
    for (OpenFaceLayers.Conv conv : OpenFaceLayers.convs()) {
      names.add(conv.name() + "_w.csv");
      names.add(conv.name() + "_b.csv");
      for (String part : List.of("w", "b", "m", "v")) {
        names.add(conv.batchNorm() + "_" + part + ".csv");
      }
    }
    names.add("dense_w.csv");
    names.add("dense_b.csv");
    return names;
  }

  public static OpenFaceWeights read(Path folder) throws IOException {
    Map<String, OpenFaceWeights.ConvBn> layers = new LinkedHashMap<>();
    for (OpenFaceLayers.Conv conv : OpenFaceLayers.convs()) {
      int out = conv.out();
      String bn = conv.batchNorm();
      layers.put(
          conv.name(),
          new OpenFaceWeights.ConvBn(
              tensor(folder, conv.name() + "_w.csv", out, conv.in(), conv.kernel(), conv.kernel()),
              tensor(folder, conv.name() + "_b.csv", out),
              tensor(folder, bn + "_w.csv", out),
              tensor(folder, bn + "_b.csv", out),
              tensor(folder, bn + "_m.csv", out),
              tensor(folder, bn + "_v.csv", out),
              OpenFaceLayers.BN_EPSILON));
    }
    return new OpenFaceWeights(
        layers,
        tensor(folder, "dense_w.csv", OpenFaceLayers.EMBEDDING_SIZE, OpenFaceLayers.FEATURES),
        tensor(folder, "dense_b.csv", OpenFaceLayers.EMBEDDING_SIZE));
  }

  private static FloatTensor tensor(Path folder, String name, int... shape) throws IOException {
    Path file = folder.resolve(name);
    if (!Files.exists(file)) {
      throw new NoSuchFileException(
          file.toString(), null, "missing from the Keras-OpenFace weights folder");
    }
    float[] values = parse(Files.readAllBytes(file), name);
    long expected = FloatTensor.size(shape);
    if (values.length != expected) {
      throw new IOException(name + ": " + values.length + " values, expected " + expected);
    }
    return new FloatTensor(shape, values);
  }

  /** Numbers separated by commas, spaces, tabs or line breaks. */
  static float[] parse(byte[] text, String name) throws IOException {
    float[] values = new float[Math.max(16, text.length / 8)];
    int count = 0;
    int start = -1;
    for (int i = 0; i <= text.length; i++) {
      boolean separator =
          i == text.length
              || text[i] == ','
              || text[i] == ' '
              || text[i] == '\n'
              || text[i] == '\r'
              || text[i] == '\t';
      if (!separator) {
        if (start < 0) {
          start = i;
        }
        continue;
      }
      if (start >= 0) {
        String token = new String(text, start, i - start, StandardCharsets.US_ASCII);
        if (count == values.length) {
          values = Arrays.copyOf(values, values.length * 2);
        }
        try {
          values[count++] = Float.parseFloat(token);
        } catch (NumberFormatException e) {
          throw new IOException(name + ": not a number: " + token, e);
        }
        start = -1;
      }
    }
    return Arrays.copyOf(values, count);
  }
}
