package dev.facesearch.models.openface;

import dev.facesearch.models.BuiltModel;
import dev.facesearch.models.ModelCard;
import dev.facesearch.models.onnx.GraphBuilder;
import dev.facesearch.models.openface.OpenFaceLayers.Conv;
import dev.facesearch.models.openface.OpenFaceLayers.Inception;
import dev.facesearch.models.openface.TorchLayers.Feature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenFace nn4.small2.v1 as ONNX: a 96x96 aligned face, RGB in [0, 1], to a unit-length 128-D
 * embedding, layer for layer as the Torch model computes it.
 *
 * <p>Architecture ({@link OpenFaceLayers}): conv 7x7/2, max pool 3/2 pad 1, LRN, conv 1x1, conv
 * 3x3, LRN, max pool 3/2 pad 1; inception blocks 3a, 3b, 3c, 4a, 4e, 5a, 5b; average pool 3x3;
 * linear 736 to 128; L2 normalisation. Every convolution is followed by batch norm and ReLU. The
 * Torch-to-ONNX equivalences are in {@link TorchLayers}.
 *
 * <p>The input is the model's own convention, NCHW with values in [0, 1] (Torch's {@code
 * image.load}); nothing is subtracted, so no preprocessing is baked into the graph.
 */
public final class OpenFaceGraph {
  /**
   * The default match threshold on the squared L2 distance of its (unit) embeddings: the per-fold
   * threshold of OpenFace's published LFW evaluation, about 0.99. Not measured here: the real
   * weights cannot be fetched on these machines.
   */
  public static final float DEFAULT_MATCH_THRESHOLD = 0.99f;

  public static final String NAME = "openface_nn4_small2_v1";

  private final OpenFaceWeights weights;
  private final GraphBuilder g = new GraphBuilder(NAME);
  private final TorchLayers nn = new TorchLayers(g);

  private OpenFaceGraph(OpenFaceWeights weights) {
    this.weights = weights;
  }

  /** The model, described for the manifest by {@code source}. */
  public static BuiltModel build(OpenFaceWeights weights, OpenFaceSource source) {
    GraphBuilder g = new OpenFaceGraph(weights).graph();
    return new BuiltModel(
        NAME,
        g.model(
            "OpenFace nn4.small2.v1 (Apache-2.0) as ONNX",
            Map.of("source", source.cardSource().name(), "weights_sha256", source.sha256())),
        card(source));
  }

  private GraphBuilder graph() {
    int size = OpenFaceLayers.INPUT_SIZE;
    Feature x = new Feature(g.input("image", "batch", 3, size, size), 3, size);

    List<Conv> stem = OpenFaceLayers.STEM;
    x = convBnRelu(x, stem.get(0));
    x = nn.maxPool(x, 3, 2, OpenFaceLayers.STEM_POOL_PAD);
    x = lrn(x);
    x = convBnRelu(x, stem.get(1));
    x = convBnRelu(x, stem.get(2));
    x = lrn(x);
    x = nn.maxPool(x, 3, 2, OpenFaceLayers.STEM_POOL_PAD);

    for (int i = 0; i < OpenFaceLayers.INCEPTIONS.size(); i++) {
      Inception block = OpenFaceLayers.INCEPTIONS.get(i);
      x = inception(x, block);
      if (x.size() != OpenFaceLayers.INCEPTION_SIZES.get(i) || x.channels() != block.out()) {
        throw new IllegalStateException("inception " + block.name() + " gives " + x);
      }
    }

    x = nn.averagePool(x, 3);
    String features = nn.flatten(x);
    String embedding = nn.linear(features, weights.denseWeight(), weights.denseBias());
    embedding = nn.normalize(embedding, OpenFaceLayers.NORMALIZE_EPSILON);
    g.output(embedding, "embedding", "batch", OpenFaceLayers.EMBEDDING_SIZE);
    return g;
  }

  private Feature inception(Feature x, Inception block) {
    if (x.channels() != block.in()) {
      throw new IllegalStateException(
          "inception " + block.name() + " takes " + block.in() + " channels, gets " + x);
    }
    List<Feature> branches = new ArrayList<>();
    branches.add(
        convBnRelu(convBnRelu(x, block.threeByThree().reduce()), block.threeByThree().conv()));
    if (block.fiveByFive() != null) {
      branches.add(
          convBnRelu(convBnRelu(x, block.fiveByFive().reduce()), block.fiveByFive().conv()));
    }
    OpenFaceLayers.Pool pool = block.pool();
    Feature pooled =
        pool == OpenFaceLayers.Pool.MAX
            ? nn.maxPool(x, pool.kernel, pool.stride, 0)
            : nn.l2Pool(x, pool.kernel, pool.stride);
    branches.add(
        block.poolProjection() == null ? pooled : convBnRelu(pooled, block.poolProjection()));
    if (block.oneByOne() != null) {
      branches.add(convBnRelu(x, block.oneByOne()));
    }
    return nn.depthConcat(branches);
  }

  private Feature convBnRelu(Feature x, Conv conv) {
    OpenFaceWeights.ConvBn w = weights.layer(conv);
    Feature y = nn.conv(x, w.weight(), w.bias(), conv.stride(), conv.pad());
    y = nn.batchNorm(y, w.gamma(), w.beta(), w.mean(), w.variance(), w.epsilon());
    return nn.relu(y);
  }

  private Feature lrn(Feature x) {
    return nn.crossMapLrn(
        x,
        OpenFaceLayers.LRN_SIZE,
        OpenFaceLayers.LRN_ALPHA,
        OpenFaceLayers.LRN_BETA,
        OpenFaceLayers.LRN_K);
  }

  private static ModelCard card(OpenFaceSource source) {
    int size = OpenFaceLayers.INPUT_SIZE;
    return new ModelCard(
        "face-embedding",
        source.cardSource(),
        new ModelCard.Tensor(
            "image",
            List.of(-1, 3, size, size),
            "aligned face, RGB, values 0-1 (pixel / 255), NCHW"),
        "align the face to 96x96 (see alignment), convert to RGB, divide by 255, lay out as NCHW;"
            + " no mean subtraction, nothing else is baked into the graph",
        List.of(
            new ModelCard.Tensor(
                "embedding",
                List.of(-1, OpenFaceLayers.EMBEDDING_SIZE),
                "128-D face embedding, unit L2 norm")),
        "OpenFace OUTER_EYES_AND_NOSE, 96x96: an affine transform mapping 68-point landmarks 36"
            + " (outer eye corner), 45 (other outer eye corner) and 33 (nose tip) onto (18.639,"
            + " 16.250), (75.730, 15.184), (47.515, 49.386)",
        DEFAULT_MATCH_THRESHOLD);
  }
}
