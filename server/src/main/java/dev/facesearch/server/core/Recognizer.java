package dev.facesearch.server.core;

import dev.facesearch.server.detect.Detection;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.embed.EmbeddingModel;
import dev.facesearch.server.gallery.CollectionSpec;
import dev.facesearch.server.gallery.Enrollment;
import dev.facesearch.server.gallery.Gallery;
import dev.facesearch.server.gallery.Match;
import dev.facesearch.server.gallery.NewFace;
import dev.facesearch.server.image.RgbImage;
import dev.facesearch.server.pipeline.FacePipeline;
import dev.facesearch.server.pipeline.ImageFaces;
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
  private final FacePipeline pipeline;
  private final InputFaces inputs;
  private final CallBudget.Source budgets;

  /** A recognizer whose searches never stop early, for tools and tests. */
  public Recognizer(Gallery gallery, FacePipeline pipeline) {
    this(gallery, pipeline, CallBudget.Source.UNLIMITED);
  }

  /**
   * @param budgets the current call's deadline: a search does not start once it has passed
   */
  public Recognizer(Gallery gallery, FacePipeline pipeline, CallBudget.Source budgets) {
    this.gallery = Objects.requireNonNull(gallery, "gallery");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.inputs = new InputFaces(pipeline);
    this.budgets = Objects.requireNonNull(budgets, "budgets");
  }

  /** What Enroll does with an image holding several faces. */
  public enum MultipleFaces {
    /** Enroll the largest face. */
    LARGEST,
    /** Enroll nothing from the image. */
    REJECT
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
   * @param detection the enrolled face's box, for image inputs
   * @param facesFound how many faces the input holds (1 for an embedding)
   */
  public record EnrollOutcome(
      EnrollResult result,
      String faceId,
      String detail,
      Optional<Detection> detection,
      int facesFound) {}

  /**
   * The identification of one face.
   *
   * @param candidates nearest subjects first
   * @param known whether the nearest subject is within the match threshold
   * @param detection where the face is, for image inputs
   */
  public record FaceIdentification(
      List<Match> candidates, boolean known, Optional<Detection> detection) {}

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
   * @param detection where the probe face is, for image probes
   */
  public record FaceVerification(
      float distance, boolean match, Optional<String> faceId, Optional<Detection> detection) {}

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

    /** The smallest distance over the probe faces; 4, the largest possible, if there is none. */
    public float distance() {
      return (float)
          faces.stream()
              .mapToDouble(FaceVerification::distance)
              .min()
              .orElse(Validation.MAX_DISTANCE);
    }
  }

  /**
   * Enrolls the faces of one subject: each input gives one face (an image, its largest) or an
   * outcome saying why not. Every input is checked and embedded before anything is written.
   */
  public List<EnrollOutcome> enroll(
      String collection,
      String subjectId,
      List<FaceInput> inputs,
      Map<String, String> metadata,
      DetectionSettings detection,
      MultipleFaces multipleFaces) {
    Validation.collectionName(collection);
    Validation.subjectId(subjectId);
    Validation.inputCount(inputs.size());
    Map<String, String> checkedMetadata = Validation.metadata(metadata);
    CollectionSpec spec = gallery.spec(collection);
    EnrollOutcome[] outcomes = new EnrollOutcome[inputs.size()];
    List<NewFace> faces = new ArrayList<>();
    List<Integer> faceInputs = new ArrayList<>();
    List<Optional<Detection>> boxes = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      List<InputFaces.Face> found =
          this.inputs.of(spec, inputs.get(i), "inputs[" + i + "]", detection);
      if (found.isEmpty()) {
        outcomes[i] =
            new EnrollOutcome(
                EnrollResult.NO_FACE, "", "no face was found in the image", Optional.empty(), 0);
      } else if (found.size() > 1 && multipleFaces == MultipleFaces.REJECT) {
        outcomes[i] =
            new EnrollOutcome(
                EnrollResult.MULTIPLE_FACES,
                "",
                "the image holds " + found.size() + " faces and the request refuses several",
                Optional.empty(),
                found.size());
      } else {
        InputFaces.Face largest = found.getFirst();
        faces.add(new NewFace(largest.vector(), largest.contentHash()));
        faceInputs.add(i);
        boxes.add(largest.detection());
        counts.add(found.size());
      }
    }
    budgets.current().checkBefore("writing the enrollment");
    List<Enrollment> enrollments =
        faces.isEmpty() ? List.of() : gallery.enroll(collection, subjectId, faces, checkedMetadata);
    for (int k = 0; k < enrollments.size(); k++) {
      Enrollment e = enrollments.get(k);
      outcomes[faceInputs.get(k)] =
          e.created()
              ? new EnrollOutcome(
                  EnrollResult.ENROLLED, e.faceId(), "", boxes.get(k), counts.get(k))
              : new EnrollOutcome(
                  EnrollResult.ALREADY_ENROLLED,
                  e.faceId(),
                  "this input is already enrolled for this subject",
                  boxes.get(k),
                  counts.get(k));
    }
    return List.of(outcomes);
  }

  /** Finds the nearest enrolled subjects of every face of the input. */
  public Identification identify(
      String collection,
      FaceInput input,
      Integer topK,
      Optional<Float> maxDistance,
      DetectionSettings detection) {
    Validation.collectionName(collection);
    int limit = Validation.topK(topK);
    maxDistance.ifPresent(d -> Validation.distance("max_distance", d));
    CollectionSpec spec = gallery.spec(collection);
    List<FaceIdentification> faces = new ArrayList<>();
    for (InputFaces.Face face : inputs.of(spec, input, "input", detection)) {
      budgets.current().checkBefore("the gallery search");
      List<Match> nearest = gallery.nearestSubjects(collection, face.vector(), limit);
      boolean known = !nearest.isEmpty() && nearest.getFirst().distance() <= spec.matchThreshold();
      List<Match> candidates =
          maxDistance
              .map(bound -> nearest.stream().filter(m -> m.distance() <= bound).toList())
              .orElse(nearest);
      faces.add(new FaceIdentification(candidates, known, face.detection()));
    }
    return new Identification(faces, spec.matchThreshold());
  }

  /** Compares every face of the probe with the reference. */
  public Verification verify(
      String collection, FaceInput probe, Reference reference, DetectionSettings detection) {
    Validation.collectionName(collection);
    if (reference instanceof Reference.OfSubject(String subjectId)) {
      Validation.subjectId(subjectId);
    }
    CollectionSpec spec = gallery.spec(collection);
    List<InputFaces.Face> probes = inputs.of(spec, probe, "probe", detection);
    float threshold = spec.matchThreshold();
    List<FaceVerification> faces = new ArrayList<>(probes.size());
    switch (reference) {
      case Reference.OfSubject(String subjectId) -> {
        if (probes.isEmpty() && gallery.subject(collection, subjectId).isEmpty()) {
          throw Catalog.subjectNotFound(collection, subjectId);
        }
        for (InputFaces.Face face : probes) {
          budgets.current().checkBefore("the gallery search");
          Match nearest =
              gallery
                  .nearestFaceOf(collection, subjectId, face.vector())
                  .orElseThrow(() -> Catalog.subjectNotFound(collection, subjectId));
          faces.add(
              new FaceVerification(
                  nearest.distance(),
                  nearest.distance() <= threshold,
                  Optional.of(nearest.faceId()),
                  face.detection()));
        }
      }
      case Reference.OfInput(FaceInput input) -> {
        List<InputFaces.Face> references = inputs.of(spec, input, "reference_input", detection);
        if (references.isEmpty()) {
          throw new InvalidInputException("reference_input: no face was found in the image");
        }
        float[] other = references.getFirst().vector();
        for (InputFaces.Face face : probes) {
          float distance = Vectors.squareDistance(face.vector(), other);
          faces.add(
              new FaceVerification(
                  distance, distance <= threshold, Optional.empty(), face.detection()));
        }
      }
    }
    return new Verification(faces, threshold);
  }

  /**
   * The result of analyzing an image outside any gallery.
   *
   * @param model the embedding model used
   * @param faces the faces, largest first, each with its raw embedding
   * @param unitEmbeddings each face's embedding scaled to unit length
   * @param chips each face's aligned chip, or empty if not asked for
   */
  public record Analysis(
      EmbeddingModel model, ImageFaces faces, List<float[]> unitEmbeddings, List<RgbImage> chips) {}

  /**
   * Runs the whole pipeline on an image: the faces, their embeddings and, if asked, their chips.
   *
   * @param collection a collection whose model and detection settings to use, or empty
   * @param modelId the model when there is no collection; empty for the default
   */
  public Analysis analyze(
      byte[] image,
      String collection,
      String modelId,
      DetectionSettings detection,
      boolean withChips) {
    EmbeddingModel model;
    DetectionSettings base = DetectionSettings.NONE;
    if (collection.isEmpty()) {
      model = EmbeddingModel.byId(modelId);
    } else {
      CollectionSpec spec = gallery.spec(Validation.collectionName(collection));
      model = EmbeddingModel.byId(spec.model());
      base = spec.detection();
    }
    if (!model.embedsImages()) {
      throw new FailedPreconditionException(
          "the external model has no embedder: there is nothing to compute");
    }
    ImageFaces found =
        pipeline.analyze(image, Sha256.hex(image), model, pipeline.resolve(detection.over(base)));
    List<float[]> unit =
        found.faces().stream()
            .map(f -> Vectors.toUnitLength(f.embedding(), model.dimension()))
            .toList();
    List<RgbImage> chips = withChips ? pipeline.chips(image, found.faces(), model) : List.of();
    return new Analysis(model, found, unit, chips);
  }

  /**
   * The faces of an image with their landmarks, largest first.
   *
   * @param collection a collection whose detection settings to start from, or empty
   */
  public ImageFaces detect(byte[] image, String collection, DetectionSettings detection) {
    DetectionSettings base = DetectionSettings.NONE;
    if (!collection.isEmpty()) {
      base = gallery.spec(Validation.collectionName(collection)).detection();
    }
    return pipeline.detect(image, pipeline.resolve(detection.over(base)));
  }
}
