package dev.facesearch.server.landmark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Writes compact shape predictor files from arrays, independently of the models module's converter,
 * so that the reader is tested against the documented layout itself.
 */
final class CompactModelWriter {
  int parts;
  int cascades;
  int trees;
  int depth;
  int features;
  float[] initialShape;
  float[] leaves;
  int[] splitFeatures;
  float[] thresholds;
  int[] anchors;
  float[] deltas;

  byte[] toBytes() {
    int size =
        8
            + 4 * 6
            + 4
                * (initialShape.length
                    + leaves.length
                    + splitFeatures.length
                    + thresholds.length
                    + anchors.length
                    + deltas.length
                    + 1);
    ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    out.put("FSDLIBSP".getBytes(StandardCharsets.US_ASCII));
    out.putInt(1).putInt(parts).putInt(cascades).putInt(trees).putInt(depth).putInt(features);
    for (float v : initialShape) {
      out.putFloat(v);
    }
    for (float v : leaves) {
      out.putFloat(v);
    }
    for (int v : splitFeatures) {
      out.putInt(v);
    }
    for (float v : thresholds) {
      out.putFloat(v);
    }
    for (int v : anchors) {
      out.putInt(v);
    }
    for (float v : deltas) {
      out.putFloat(v);
    }
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.position());
    out.putInt((int) crc.getValue());
    return out.array();
  }

  Path write(Path file) throws IOException {
    return Files.write(file, toBytes());
  }

  /**
   * Two landmarks at the unit square's corners (0, 0) and (1, 1), one cascade of two depth-1 trees
   * over two feature pixels, one on each landmark. Tree 0 asks whether the bottom-right pixel is
   * brighter than the top-left by more than 50 and moves x0 by +0.1 if so, else by -0.1; tree 1
   * asks whether the top-left is brighter than the bottom-right and moves y1 by -5 if so, else by
   * +0.2.
   */
  static CompactModelWriter twoCorners() {
    CompactModelWriter model = new CompactModelWriter();
    model.parts = 2;
    model.cascades = 1;
    model.trees = 2;
    model.depth = 1;
    model.features = 2;
    model.initialShape = new float[] {0, 0, 1, 1};
    model.leaves =
        new float[] {
          0.1f,
          0,
          0,
          0, // tree 0, left (taken when above the threshold)
          -0.1f,
          0,
          0,
          0, // tree 0, right
          0,
          0,
          0,
          -5, // tree 1, left
          0,
          0,
          0,
          0.2f // tree 1, right
        };
    model.splitFeatures = new int[] {1, 0, 0, 1};
    model.thresholds = new float[] {50, 0};
    model.anchors = new int[] {0, 1};
    model.deltas = new float[] {0, 0, 0, 0};
    return model;
  }
}
