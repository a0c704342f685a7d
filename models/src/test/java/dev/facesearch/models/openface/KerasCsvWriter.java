package dev.facesearch.models.openface;

import dev.facesearch.models.onnx.FloatTensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes weights as the Keras-OpenFace CSV export lays them out: one comma-separated row per file
 * (as csvigo writes a flat table), except {@code dense_w.csv}, written as 128 rows of 736.
 */
final class KerasCsvWriter {
  private KerasCsvWriter() {}

  static void write(OpenFaceWeights weights, Path folder) throws IOException {
    Files.createDirectories(folder);
    for (OpenFaceLayers.Conv conv : OpenFaceLayers.convs()) {
      OpenFaceWeights.ConvBn layer = weights.layer(conv);
      row(folder, conv.name() + "_w.csv", layer.weight());
      row(folder, conv.name() + "_b.csv", layer.bias());
      row(folder, conv.batchNorm() + "_w.csv", layer.gamma());
      row(folder, conv.batchNorm() + "_b.csv", layer.beta());
      row(folder, conv.batchNorm() + "_m.csv", layer.mean());
      row(folder, conv.batchNorm() + "_v.csv", layer.variance());
    }
    StringBuilder dense = new StringBuilder();
    float[] w = weights.denseWeight().data();
    for (int i = 0; i < w.length; i++) {
      dense.append(w[i]).append((i + 1) % OpenFaceLayers.FEATURES == 0 ? "\n" : ",");
    }
    Files.writeString(folder.resolve("dense_w.csv"), dense, StandardCharsets.US_ASCII);
    row(folder, "dense_b.csv", weights.denseBias());
  }

  private static void row(Path folder, String name, FloatTensor tensor) throws IOException {
    StringBuilder text = new StringBuilder(tensor.data().length * 12);
    for (float v : tensor.data()) {
      if (!text.isEmpty()) {
        text.append(',');
      }
      text.append(v);
    }
    text.append('\n');
    Files.writeString(folder.resolve(name), text, StandardCharsets.US_ASCII);
  }
}
