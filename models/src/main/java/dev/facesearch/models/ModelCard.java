package dev.facesearch.models;

import java.util.List;

/**
 * What {@code models.json} says about one model, beside its file and checksum: where its weights
 * come from, what goes in and comes out, and how faces must be prepared for it.
 *
 * @param task what the model does: face-embedding, face-detection or face-landmarks-68
 * @param source where the weights come from
 * @param input the input tensor
 * @param preprocessing what the caller must do to an image before it is the input; the rest is
 *     baked into the graph and described here too, so it is written down in exactly one place
 * @param outputs the output tensors
 * @param alignment how a face must be aligned for the model, or "none"
 * @param defaultMatchThreshold for embedding models, the squared L2 distance between unit-length
 *     embeddings at which two faces match; null until measured (the pipeline measures it)
 */
public record ModelCard(
    String task,
    Source source,
    Tensor input,
    String preprocessing,
    List<Tensor> outputs,
    String alignment,
    Float defaultMatchThreshold) {

  /**
   * Where weights come from.
   *
   * @param name the published package or file set
   * @param version its version
   * @param file the file within it that holds the weights
   * @param license its licence
   * @param sha256 SHA-256 of what was read (the package tarball, or the user's weights)
   */
  public record Source(String name, String version, String file, String license, String sha256) {}

  /**
   * A tensor of the graph.
   *
   * @param name its name in the graph
   * @param shape its dimensions; -1 for a free one (the batch)
   * @param meaning what its values are
   */
  public record Tensor(String name, List<Integer> shape, String meaning) {}
}
