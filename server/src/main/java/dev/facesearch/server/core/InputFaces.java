package dev.facesearch.server.core;

import dev.facesearch.server.detect.Detection;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.embed.EmbeddingModel;
import dev.facesearch.server.gallery.CollectionSpec;
import dev.facesearch.server.pipeline.FaceFound;
import dev.facesearch.server.pipeline.FacePipeline;
import dev.facesearch.server.pipeline.ImageFaces;
import dev.facesearch.server.vector.Vectors;
import java.util.List;
import java.util.Optional;

/**
 * Turns an input into the unit-length embeddings of its faces, as a collection needs them: an
 * embedding is checked and scaled; an image goes through the pipeline with the collection's model
 * and detection settings.
 */
final class InputFaces {
  private final FacePipeline pipeline;

  InputFaces(FacePipeline pipeline) {
    this.pipeline = pipeline;
  }

  /**
   * One face of an input.
   *
   * @param vector its unit-length embedding
   * @param contentHash SHA-256 of the input (image bytes, or the unit embedding's floats)
   * @param detection where it is, for image inputs
   */
  record Face(float[] vector, String contentHash, Optional<Detection> detection) {}

  /**
   * The faces of an input, largest first; exactly one for an embedding, none if no face was found
   * in an image.
   *
   * @param field the input's name in the request, for error messages
   * @param requested the request's detection settings, over the collection's
   */
  List<Face> of(CollectionSpec spec, FaceInput input, String field, DetectionSettings requested) {
    return switch (input) {
      case FaceInput.Embedding(float[] values) -> {
        float[] unit;
        try {
          unit = Vectors.toUnitLength(values, spec.dimension());
        } catch (InvalidInputException e) {
          throw new InvalidInputException(field + ": " + e.getMessage());
        }
        yield List.of(new Face(unit, Vectors.contentHash(unit), Optional.empty()));
      }
      case FaceInput.Image(byte[] bytes) -> {
        EmbeddingModel model = EmbeddingModel.byId(spec.model());
        if (!model.embedsImages()) {
          throw new FailedPreconditionException(
              "collection '"
                  + spec.name()
                  + "' holds embeddings of an external model: send embeddings, not images");
        }
        String hash = Sha256.hex(bytes);
        ImageFaces found;
        try {
          found =
              pipeline.analyze(
                  bytes, hash, model, pipeline.resolve(requested.over(spec.detection())));
        } catch (InvalidInputException e) {
          throw new InvalidInputException(field + ": " + e.getMessage());
        }
        yield found.faces().stream().map(f -> face(f, hash, spec.dimension())).toList();
      }
    };
  }

  private static Face face(FaceFound found, String imageHash, int dimension) {
    return new Face(
        Vectors.toUnitLength(found.embedding(), dimension),
        imageHash,
        Optional.of(found.detection()));
  }
}
