package dev.facesearch.server.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.facesearch.api.v1.AnalyzeFacesResponse;
import dev.facesearch.api.v1.AnalyzedFace;
import dev.facesearch.api.v1.BoundingBox;
import dev.facesearch.api.v1.Candidate;
import dev.facesearch.api.v1.Collection;
import dev.facesearch.api.v1.CollectionStats;
import dev.facesearch.api.v1.DetectResponse;
import dev.facesearch.api.v1.DetectedFace;
import dev.facesearch.api.v1.Detector;
import dev.facesearch.api.v1.EnrollOutcome;
import dev.facesearch.api.v1.EnrollResponse;
import dev.facesearch.api.v1.EnrollResult;
import dev.facesearch.api.v1.FaceResult;
import dev.facesearch.api.v1.FaceVerification;
import dev.facesearch.api.v1.HnswSettings;
import dev.facesearch.api.v1.IdentifyResponse;
import dev.facesearch.api.v1.MultipleFaces;
import dev.facesearch.api.v1.Point;
import dev.facesearch.api.v1.ShardingSettings;
import dev.facesearch.api.v1.Subject;
import dev.facesearch.api.v1.VerifyResponse;
import dev.facesearch.server.core.FaceInput;
import dev.facesearch.server.core.InvalidInputException;
import dev.facesearch.server.core.Recognizer;
import dev.facesearch.server.detect.Detection;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.gallery.CollectionSpec;
import dev.facesearch.server.gallery.CompactionProgress;
import dev.facesearch.server.gallery.Face;
import dev.facesearch.server.gallery.Match;
import dev.facesearch.server.gallery.VectorEncoding;
import dev.facesearch.server.image.PngEncoder;
import dev.facesearch.server.landmark.LandmarkModel;
import dev.facesearch.server.pipeline.FaceFound;
import dev.facesearch.server.pipeline.ImageFaces;
import dev.facesearch.server.vector.Vectors;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Maps proto messages to domain values and back; nothing else. */
final class ProtoMapper {
  private ProtoMapper() {}

  static FaceInput input(dev.facesearch.api.v1.FaceInput input, String field) {
    return switch (input.getKindCase()) {
      case IMAGE -> new FaceInput.Image(input.getImage().toByteArray());
      case EMBEDDING -> new FaceInput.Embedding(toArray(input.getEmbedding().getValuesList()));
      case KIND_NOT_SET ->
          throw new InvalidInputException(field + " is empty: set image or embedding");
    };
  }

  static List<FaceInput> inputs(List<dev.facesearch.api.v1.FaceInput> inputs) {
    return java.util.stream.IntStream.range(0, inputs.size())
        .mapToObj(i -> input(inputs.get(i), "inputs[" + i + "]"))
        .toList();
  }

  private static float[] toArray(List<Float> values) {
    float[] array = new float[values.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = values.get(i);
    }
    return array;
  }

  /** A request's (or collection's) detection settings; unset fields stay unset. */
  static DetectionSettings detection(dev.facesearch.api.v1.DetectionSettings proto) {
    return new DetectionSettings(
        switch (proto.getDetector()) {
          case DETECTOR_SSD_MOBILENET_V1 -> DetectorKind.SSD_MOBILENET_V1;
          case DETECTOR_TINY_FACE -> DetectorKind.TINY_FACE;
          case DETECTOR_HAAR_CASCADE -> DetectorKind.HAAR_CASCADE;
          case DETECTOR_DLIB_HOG -> DetectorKind.DLIB_HOG;
          case DETECTOR_UNSPECIFIED -> null;
          case UNRECOGNIZED ->
              throw new InvalidInputException("detection.detector is not a known detector");
        },
        proto.hasMinScore() ? proto.getMinScore() : null,
        proto.hasMinFaceSize() ? proto.getMinFaceSize() : null,
        proto.hasMaxFaces() ? proto.getMaxFaces() : null,
        proto.hasNmsIou() ? proto.getNmsIou() : null,
        proto.hasInputSize() ? proto.getInputSize() : null,
        proto.hasUpsample() ? proto.getUpsample() : null,
        proto.hasCnnFallback() ? proto.getCnnFallback() : null,
        switch (proto.getLandmarkModel()) {
          case LANDMARK_MODEL_FACE_API -> LandmarkModel.FACE_API;
          case LANDMARK_MODEL_DLIB -> LandmarkModel.DLIB;
          case LANDMARK_MODEL_UNSPECIFIED -> null;
          case UNRECOGNIZED ->
              throw new InvalidInputException(
                  "detection.landmark_model is not a known landmark model");
        });
  }

  static dev.facesearch.api.v1.DetectionSettings detection(DetectionSettings settings) {
    dev.facesearch.api.v1.DetectionSettings.Builder proto =
        dev.facesearch.api.v1.DetectionSettings.newBuilder();
    if (settings.detector() != null) {
      proto.setDetector(detector(settings.detector()));
    }
    if (settings.minScore() != null) {
      proto.setMinScore(settings.minScore());
    }
    if (settings.minFaceSize() != null) {
      proto.setMinFaceSize(settings.minFaceSize());
    }
    if (settings.maxFaces() != null) {
      proto.setMaxFaces(settings.maxFaces());
    }
    if (settings.nmsIou() != null) {
      proto.setNmsIou(settings.nmsIou());
    }
    if (settings.inputSize() != null) {
      proto.setInputSize(settings.inputSize());
    }
    if (settings.upsample() != null) {
      proto.setUpsample(settings.upsample());
    }
    if (settings.cnnFallback() != null) {
      proto.setCnnFallback(settings.cnnFallback());
    }
    if (settings.landmarks() != null) {
      proto.setLandmarkModel(
          switch (settings.landmarks()) {
            case FACE_API -> dev.facesearch.api.v1.LandmarkModel.LANDMARK_MODEL_FACE_API;
            case DLIB -> dev.facesearch.api.v1.LandmarkModel.LANDMARK_MODEL_DLIB;
          });
    }
    return proto.build();
  }

  private static Detector detector(DetectorKind kind) {
    return switch (kind) {
      case SSD_MOBILENET_V1 -> Detector.DETECTOR_SSD_MOBILENET_V1;
      case TINY_FACE -> Detector.DETECTOR_TINY_FACE;
      case HAAR_CASCADE -> Detector.DETECTOR_HAAR_CASCADE;
      case DLIB_HOG -> Detector.DETECTOR_DLIB_HOG;
    };
  }

  static Collection collection(
      CollectionSpec spec, Optional<dev.facesearch.server.gallery.CollectionStats> stats) {
    Collection.Builder collection =
        Collection.newBuilder()
            .setName(spec.name())
            .setEmbeddingModel(spec.model())
            .setDimension(spec.dimension())
            .setMatchThreshold(spec.matchThreshold())
            .setHnsw(
                HnswSettings.newBuilder()
                    .setMaxConnections(spec.hnswMaxConnections())
                    .setBeamWidth(spec.hnswBeamWidth())
                    .setVectorEncoding(vectorEncoding(spec.vectorEncoding())))
            .setCreateTime(timestamp(spec.createTime()))
            .setDetection(detection(spec.detection()));
    spec.sharding()
        .ifPresent(s ->
            collection.setSharding(
                ShardingSettings.newBuilder().setShards(s.shards()).setReplicas(s.replicas())));
    stats.ifPresent(s ->
        collection.setStats(
            CollectionStats.newBuilder()
                .setFaceCount(s.faces())
                .setSubjectCount(s.subjects())
                .setSizeBytes(s.sizeBytes())
                .setSegmentCount(s.segments())));
    return collection.build();
  }

  /** The requested encoding; empty for unspecified (the server's default). */
  static Optional<VectorEncoding> vectorEncoding(dev.facesearch.api.v1.VectorEncoding proto) {
    return switch (proto) {
      case VECTOR_ENCODING_UNSPECIFIED -> Optional.empty();
      case VECTOR_ENCODING_FLOAT32 -> Optional.of(VectorEncoding.FLOAT32);
      case VECTOR_ENCODING_INT8 -> Optional.of(VectorEncoding.INT8);
      case UNRECOGNIZED -> throw new InvalidInputException("hnsw.vector_encoding: unknown value");
    };
  }

  static dev.facesearch.api.v1.VectorEncoding vectorEncoding(VectorEncoding encoding) {
    return switch (encoding) {
      case FLOAT32 -> dev.facesearch.api.v1.VectorEncoding.VECTOR_ENCODING_FLOAT32;
      case INT8 -> dev.facesearch.api.v1.VectorEncoding.VECTOR_ENCODING_INT8;
    };
  }

  static Recognizer.MultipleFaces multipleFaces(MultipleFaces proto) {
    return switch (proto) {
      case MULTIPLE_FACES_UNSPECIFIED, MULTIPLE_FACES_LARGEST -> Recognizer.MultipleFaces.LARGEST;
      case MULTIPLE_FACES_REJECT -> Recognizer.MultipleFaces.REJECT;
      case UNRECOGNIZED -> throw new InvalidInputException("multiple_faces is not a known policy");
    };
  }

  static BoundingBox box(Detection detection) {
    return BoundingBox.newBuilder()
        .setX(detection.x())
        .setY(detection.y())
        .setWidth(detection.width())
        .setHeight(detection.height())
        .build();
  }

  static EnrollResponse enrollResponse(List<Recognizer.EnrollOutcome> outcomes) {
    EnrollResponse.Builder response = EnrollResponse.newBuilder();
    for (Recognizer.EnrollOutcome outcome : outcomes) {
      EnrollOutcome.Builder proto =
          EnrollOutcome.newBuilder()
              .setResult(enrollResult(outcome.result()))
              .setFaceId(outcome.faceId())
              .setDetail(outcome.detail())
              .setFacesFound(outcome.facesFound());
      outcome.detection().ifPresent(d -> proto.setBox(box(d)));
      response.addOutcomes(proto);
    }
    return response.build();
  }

  static AnalyzeFacesResponse analyzeResponse(Recognizer.Analysis analysis) {
    AnalyzeFacesResponse.Builder response =
        AnalyzeFacesResponse.newBuilder()
            .setEmbeddingModel(analysis.model().id())
            .setImageWidth(analysis.faces().width())
            .setImageHeight(analysis.faces().height());
    List<FaceFound> faces = analysis.faces().faces();
    for (int i = 0; i < faces.size(); i++) {
      FaceFound face = faces.get(i);
      AnalyzedFace.Builder proto =
          AnalyzedFace.newBuilder()
              .setBox(box(face.detection()))
              .setScore(face.detection().score())
              .setDetector(detector(face.detector()));
      addLandmarks(face.landmarks(), proto::addLandmarks);
      dev.facesearch.api.v1.Embedding.Builder embedding =
          dev.facesearch.api.v1.Embedding.newBuilder();
      for (float v : analysis.unitEmbeddings().get(i)) {
        embedding.addValues(v);
      }
      proto.setEmbedding(embedding);
      if (!analysis.chips().isEmpty()) {
        proto.setChipPng(ByteString.copyFrom(PngEncoder.encode(analysis.chips().get(i))));
      }
      response.addFaces(proto);
    }
    return response.build();
  }

  private static void addLandmarks(float[] points, java.util.function.Consumer<Point> add) {
    for (int i = 0; i < points.length; i += 2) {
      add.accept(Point.newBuilder().setX(points[i]).setY(points[i + 1]).build());
    }
  }

  static DetectResponse detectResponse(ImageFaces found) {
    DetectResponse.Builder response =
        DetectResponse.newBuilder().setImageWidth(found.width()).setImageHeight(found.height());
    for (FaceFound face : found.faces()) {
      DetectedFace.Builder proto =
          DetectedFace.newBuilder()
              .setBox(box(face.detection()))
              .setScore(face.detection().score())
              .setDetector(detector(face.detector()));
      addLandmarks(face.landmarks(), proto::addLandmarks);
      response.addFaces(proto);
    }
    return response.build();
  }

  private static EnrollResult enrollResult(Recognizer.EnrollResult result) {
    return switch (result) {
      case ENROLLED -> EnrollResult.ENROLL_RESULT_ENROLLED;
      case ALREADY_ENROLLED -> EnrollResult.ENROLL_RESULT_ALREADY_ENROLLED;
      case NO_FACE -> EnrollResult.ENROLL_RESULT_NO_FACE;
      case MULTIPLE_FACES -> EnrollResult.ENROLL_RESULT_MULTIPLE_FACES;
    };
  }

  static IdentifyResponse identifyResponse(Recognizer.Identification identification) {
    IdentifyResponse.Builder response =
        IdentifyResponse.newBuilder().setMatchThreshold(identification.matchThreshold());
    for (Recognizer.FaceIdentification face : identification.faces()) {
      FaceResult.Builder result = FaceResult.newBuilder().setKnown(face.known());
      face.detection().ifPresent(d -> result.setBox(box(d)).setDetectionScore(d.score()));
      for (Match match : face.candidates()) {
        result.addCandidates(
            Candidate.newBuilder()
                .setSubjectId(match.subjectId())
                .setFaceId(match.faceId())
                .setDistance(match.distance())
                .setSimilarity(Vectors.similarity(match.distance())));
      }
      response.addResults(result);
    }
    return response.build();
  }

  static VerifyResponse verifyResponse(Recognizer.Verification verification) {
    VerifyResponse.Builder response =
        VerifyResponse.newBuilder()
            .setMatch(verification.match())
            .setDistance(verification.distance())
            .setSimilarity(Vectors.similarity(verification.distance()))
            .setThreshold(verification.threshold());
    for (Recognizer.FaceVerification face : verification.faces()) {
      FaceVerification.Builder proto =
          FaceVerification.newBuilder()
              .setDistance(face.distance())
              .setSimilarity(Vectors.similarity(face.distance()))
              .setMatch(face.match());
      face.faceId().ifPresent(proto::setFaceId);
      face.detection().ifPresent(d -> proto.setBox(box(d)));
      response.addFaces(proto);
    }
    return response.build();
  }

  static Subject subject(dev.facesearch.server.gallery.Subject subject) {
    Subject.Builder proto =
        Subject.newBuilder().setSubjectId(subject.subjectId()).setFaceCount(subject.faceCount());
    for (Face face : subject.faces()) {
      proto.addFaces(
          dev.facesearch.api.v1.Face.newBuilder()
              .setFaceId(face.faceId())
              .setSubjectId(face.subjectId())
              .setContentHash(face.contentHash())
              .setCreateTime(timestamp(face.createTime()))
              .putAllMetadata(face.metadata()));
    }
    return proto.build();
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  static dev.facesearch.api.v1.CompactionProgress compaction(CompactionProgress p) {
    return dev.facesearch.api.v1.CompactionProgress.newBuilder()
        .setSegmentsBefore(p.segmentsBefore())
        .setSegments(p.segments())
        .setVectorsMerged(p.vectorsMerged())
        .setVectorsTotal(p.vectorsTotal())
        .setElapsed(
            com.google.protobuf.Duration.newBuilder()
                .setSeconds(p.elapsed().getSeconds())
                .setNanos(p.elapsed().getNano()))
        .setDone(p.done())
        .build();
  }
}
