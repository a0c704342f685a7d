package dev.facesearch.server.core;

import dev.facesearch.server.embed.EmbeddingModel;
import dev.facesearch.server.gallery.CollectionSpec;
import dev.facesearch.server.gallery.Enrollment;
import dev.facesearch.server.gallery.Gallery;
import dev.facesearch.server.gallery.Match;
import dev.facesearch.server.gallery.NewFace;
import dev.facesearch.server.vector.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Enrolls, identifies and verifies faces: turns each input into unit-length embeddings of the
 * collection's model, then asks the gallery.
 *
 * <p>Every input of a call is checked and embedded before anything is written, so a call that fails
 * writes nothing.
 */
public final class Recognizer {
  private final Gallery gallery;

  public Recognizer(Gallery gallery) {
    this.gallery = Objects.requireNonNull(gallery, "gallery");
  }

  /** What happened to one input of an enrollment. */
  public enum EnrollResult {
    ENROLLED,
    ALREADY_ENROLLED,
    NO_FACE,
    MULTIPLE_FACES
  }

  /**
   * The outcome of one input of an enrollment.
   *
   * @param result what happened
   * @param faceId the face's id, or empty if nothing was enrolled
   * @param detail why nothing was enrolled, for a person; empty otherwise
   */
  public record EnrollOutcome(EnrollResult result, String faceId, String detail) {}

  /**
   * The identification of one face.
   *
   * @param candidates nearest subjects first
   * @param known whether the nearest subject is within the match threshold
   */
  public record FaceIdentification(List<Match> candidates, boolean known) {}

  /**
   * The identification of every face of an input.
   *
   * @param faces one per face, largest first
   * @param matchThreshold the threshold that decided {@code known}
   */
  public record Identification(List<FaceIdentification> faces, float matchThreshold) {}

  /** What a probe is verified against. */
  public sealed interface Reference {
    /**
     * Every face of an enrolled subject.
     *
     * @param subjectId the subject
     */
    record OfSubject(String subjectId) implements Reference {}

    /**
     * Another input; its largest face.
     *
     * @param input the input
     */
    record OfInput(FaceInput input) implements Reference {}
  }

  /**
   * The comparison of one probe face with the reference.
   *
   * @param distance squared L2 distance to the nearest reference face
   * @param match whether it is within the threshold
   * @param faceId the nearest enrolled face, when verifying against a subject
   */
  public record FaceVerification(float distance, boolean match, Optional<String> faceId) {}

  /**
   * The verification of every face of a probe.
   *
   * @param faces one per probe face, largest first
   * @param threshold the collection's match threshold
   */
  public record Verification(List<FaceVerification> faces, float threshold) {
    /** Whether some probe face matches. */
    public boolean match() {
      return faces.stream().anyMatch(FaceVerification::match);
    }

    /** The smallest distance over the probe faces. */
    public float distance() {
      return (float) faces.stream().mapToDouble(FaceVerification::distance).min().orElseThrow();
    }
  }

  public List<EnrollOutcome> enroll(
      String collection, String subjectId, List<FaceInput> inputs, Map<String, String> metadata) {
    Validation.collectionName(collection);
    Validation.subjectId(subjectId);
    Validation.inputCount(inputs.size());
    Map<String, String> checkedMetadata = Validation.metadata(metadata);
    CollectionSpec spec = gallery.spec(collection);
    List<NewFace> faces = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      float[] vector = largestFace(spec, inputs.get(i), "inputs[" + i + "]");
      faces.add(new NewFace(vector, Vectors.contentHash(vector)));
    }
    List<Enrollment> enrollments = gallery.enroll(collection, subjectId, faces, checkedMetadata);
    return enrollments.stream()
        .map(e ->
            e.created()
                ? new EnrollOutcome(EnrollResult.ENROLLED, e.faceId(), "")
                : new EnrollOutcome(
                    EnrollResult.ALREADY_ENROLLED,
                    e.faceId(),
                    "this input is already enrolled for this subject"))
        .toList();
  }

  public Identification identify(
      String collection, FaceInput input, Integer topK, Optional<Float> maxDistance) {
    Validation.collectionName(collection);
    int limit = Validation.topK(topK);
    maxDistance.ifPresent(d -> Validation.distance("max_distance", d));
    CollectionSpec spec = gallery.spec(collection);
    List<FaceIdentification> faces = new ArrayList<>();
    for (float[] face : faces(spec, input, "input")) {
      List<Match> nearest = gallery.nearestSubjects(collection, face, limit);
      boolean known = !nearest.isEmpty() && nearest.getFirst().distance() <= spec.matchThreshold();
      List<Match> candidates =
          maxDistance
              .map(bound -> nearest.stream().filter(m -> m.distance() <= bound).toList())
              .orElse(nearest);
      faces.add(new FaceIdentification(candidates, known));
    }
    return new Identification(faces, spec.matchThreshold());
  }

  public Verification verify(String collection, FaceInput probe, Reference reference) {
    Validation.collectionName(collection);
    if (reference instanceof Reference.OfSubject(String subjectId)) {
      Validation.subjectId(subjectId);
    }
    CollectionSpec spec = gallery.spec(collection);
    List<float[]> probes = faces(spec, probe, "probe");
    float threshold = spec.matchThreshold();
    List<FaceVerification> faces = new ArrayList<>(probes.size());
    switch (reference) {
      case Reference.OfSubject(String subjectId) -> {
        for (float[] face : probes) {
          Match nearest =
              gallery
                  .nearestFaceOf(collection, subjectId, face)
                  .orElseThrow(() -> Catalog.subjectNotFound(collection, subjectId));
          faces.add(
              new FaceVerification(
                  nearest.distance(),
                  nearest.distance() <= threshold,
                  Optional.of(nearest.faceId())));
        }
      }
      case Reference.OfInput(FaceInput input) -> {
        float[] other = largestFace(spec, input, "reference_input");
        for (float[] face : probes) {
          float distance = Vectors.squareDistance(face, other);
          faces.add(new FaceVerification(distance, distance <= threshold, Optional.empty()));
        }
      }
    }
    return new Verification(faces, threshold);
  }

  /** The unit-length embedding of each face of an input, largest face first. */
  private static List<float[]> faces(CollectionSpec spec, FaceInput input, String field) {
    return switch (input) {
      case FaceInput.Embedding(float[] values) -> {
        try {
          yield List.of(Vectors.toUnitLength(values, spec.dimension()));
        } catch (InvalidInputException e) {
          throw new InvalidInputException(field + ": " + e.getMessage());
        }
      }
      case FaceInput.Image image -> {
        if (!EmbeddingModel.byId(spec.model()).embedsImages()) {
          throw new FailedPreconditionException(
              "collection '"
                  + spec.name()
                  + "' holds embeddings of an external model: send embeddings, not images");
        }
        throw new UnsupportedInputException(
            field
                + ": image inputs need the face pipeline, which this server does not have yet;"
                + " send embeddings");
      }
    };
  }

  private static float[] largestFace(CollectionSpec spec, FaceInput input, String field) {
    return faces(spec, input, field).getFirst();
  }
}
