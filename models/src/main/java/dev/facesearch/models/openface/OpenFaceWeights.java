package dev.facesearch.models.openface;

import dev.facesearch.models.onnx.FloatTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The weights of nn4.small2.v1, whichever form they were read from: for every convolution of {@link
 * OpenFaceLayers} its filters, bias and batch norm, and the final linear layer.
 *
 * <p>The constructor checks the weights against the layer table, every shape exactly and nothing
 * missing or left over, so a graph built from an instance cannot silently skip a weight.
 */
public final class OpenFaceWeights {
  /**
   * A convolution and the batch norm that follows it.
   *
   * @param weight filters [out, in, kh, kw]
   * @param bias [out]
   * @param gamma batch norm scale [out]
   * @param beta batch norm offset [out]
   * @param mean running mean [out]
   * @param variance running variance [out]
   * @param epsilon added to the variance
   */
  public record ConvBn(
      FloatTensor weight,
      FloatTensor bias,
      FloatTensor gamma,
      FloatTensor beta,
      FloatTensor mean,
      FloatTensor variance,
      float epsilon) {}

  private final Map<String, ConvBn> layers;
  private final FloatTensor denseWeight;
  private final FloatTensor denseBias;

  /**
   * @param layers by conv name, as in {@link OpenFaceLayers.Conv#name()}
   * @param denseWeight the linear layer's weight [128, 736] (out, in)
   * @param denseBias [128]
   */
  public OpenFaceWeights(
      Map<String, ConvBn> layers, FloatTensor denseWeight, FloatTensor denseBias) {
    Set<String> extra = new TreeSet<>(layers.keySet());
    for (OpenFaceLayers.Conv conv : OpenFaceLayers.convs()) {
      ConvBn layer = layers.get(conv.name());
      if (layer == null) {
        throw new IllegalArgumentException("no weights for " + conv.name());
      }
      extra.remove(conv.name());
      check(
          conv.name() + " weight",
          layer.weight(),
          conv.out(),
          conv.in(),
          conv.kernel(),
          conv.kernel());
      check(conv.name() + " bias", layer.bias(), conv.out());
      check(conv.batchNorm() + " gamma", layer.gamma(), conv.out());
      check(conv.batchNorm() + " beta", layer.beta(), conv.out());
      check(conv.batchNorm() + " mean", layer.mean(), conv.out());
      check(conv.batchNorm() + " variance", layer.variance(), conv.out());
      if (!(layer.epsilon() > 0)) {
        throw new IllegalArgumentException(conv.batchNorm() + ": epsilon " + layer.epsilon());
      }
    }
    if (!extra.isEmpty()) {
      throw new IllegalArgumentException(
          "weights for layers nn4.small2.v1 does not have: " + extra);
    }
    check("dense weight", denseWeight, OpenFaceLayers.EMBEDDING_SIZE, OpenFaceLayers.FEATURES);
    check("dense bias", denseBias, OpenFaceLayers.EMBEDDING_SIZE);
    this.layers = new LinkedHashMap<>(layers);
    this.denseWeight = denseWeight;
    this.denseBias = denseBias;
  }

  /**
   * Reads the weights from the user's copy: a folder is read as the Keras-OpenFace CSV export, a
   * file as the Torch7 {@code nn4.small2.v1.t7}.
   */
  public static OpenFaceWeights read(Path path) throws IOException {
    return Files.isDirectory(path) ? KerasCsvWeights.read(path) : Torch7Weights.read(path);
  }

  private static void check(String what, FloatTensor tensor, int... shape) {
    if (!Arrays.equals(tensor.shape(), shape)) {
      throw new IllegalArgumentException(
          what
              + ": shape "
              + Arrays.toString(tensor.shape())
              + ", nn4.small2.v1 has "
              + Arrays.toString(shape));
    }
    for (float v : tensor.data()) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException(what + ": not finite: " + v);
      }
    }
  }

  /** The weights of one convolution of the table. */
  public ConvBn layer(OpenFaceLayers.Conv conv) {
    return layers.get(conv.name());
  }

  public FloatTensor denseWeight() {
    return denseWeight;
  }

  public FloatTensor denseBias() {
    return denseBias;
  }

  /** Parameters as Torch counts them (running statistics excluded). */
  public long parameterCount() {
    long total = denseWeight.data().length + denseBias.data().length;
    for (ConvBn layer : layers.values()) {
      total +=
          layer.weight().data().length
              + layer.bias().data().length
              + layer.gamma().data().length
              + layer.beta().data().length;
    }
    return total;
  }
}
