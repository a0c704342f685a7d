package dev.facesearch.server.grpc;

import dev.facesearch.api.v1.AnalyzeFacesRequest;
import dev.facesearch.api.v1.AnalyzeFacesResponse;
import dev.facesearch.api.v1.Collection;
import dev.facesearch.api.v1.CompactCollectionRequest;
import dev.facesearch.api.v1.CompactionProgress;
import dev.facesearch.api.v1.CreateCollectionRequest;
import dev.facesearch.api.v1.DeleteCollectionRequest;
import dev.facesearch.api.v1.DeleteCollectionResponse;
import dev.facesearch.api.v1.DeleteFaceRequest;
import dev.facesearch.api.v1.DeleteFaceResponse;
import dev.facesearch.api.v1.DeleteSubjectRequest;
import dev.facesearch.api.v1.DeleteSubjectResponse;
import dev.facesearch.api.v1.DetectRequest;
import dev.facesearch.api.v1.DetectResponse;
import dev.facesearch.api.v1.EnrollRequest;
import dev.facesearch.api.v1.EnrollResponse;
import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.api.v1.GetCollectionRequest;
import dev.facesearch.api.v1.GetSubjectRequest;
import dev.facesearch.api.v1.IdentifyRequest;
import dev.facesearch.api.v1.IdentifyResponse;
import dev.facesearch.api.v1.ListCollectionsRequest;
import dev.facesearch.api.v1.ListCollectionsResponse;
import dev.facesearch.api.v1.ListSubjectsRequest;
import dev.facesearch.api.v1.ListSubjectsResponse;
import dev.facesearch.api.v1.Subject;
import dev.facesearch.api.v1.VerifyRequest;
import dev.facesearch.api.v1.VerifyResponse;
import dev.facesearch.server.core.Catalog;
import dev.facesearch.server.core.InvalidInputException;
import dev.facesearch.server.core.Recognizer;
import dev.facesearch.server.gallery.Compaction;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.function.Supplier;

/** The FaceSearch service: maps each call to the catalog or the recognizer, and back. */
final class FaceSearchService extends FaceSearchGrpc.FaceSearchImplBase {
  private final Catalog catalog;
  private final Recognizer recognizer;

  FaceSearchService(Catalog catalog, Recognizer recognizer) {
    this.catalog = catalog;
    this.recognizer = recognizer;
  }

  /** Runs a call and sends its answer, or the status of what it threw. */
  private static <T> void answer(StreamObserver<T> observer, String method, Supplier<T> call) {
    T response;
    try {
      response = call.get();
    } catch (RuntimeException e) {
      observer.onError(Statuses.of(e, method).asRuntimeException());
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
  }

  @Override
  public void createCollection(
      CreateCollectionRequest request, StreamObserver<Collection> observer) {
    answer(
        observer,
        "CreateCollection",
        () ->
            ProtoMapper.collection(
                catalog.createCollection(
                    request.getName(),
                    request.getEmbeddingModel(),
                    request.hasMatchThreshold()
                        ? Optional.of(request.getMatchThreshold())
                        : Optional.empty(),
                    request.getHnsw().getMaxConnections(),
                    request.getHnsw().getBeamWidth(),
                    ProtoMapper.vectorEncoding(request.getHnsw().getVectorEncoding()),
                    ProtoMapper.detection(request.getDetection()),
                    request.getSharding().getShards(),
                    request.getSharding().hasReplicas()
                        ? Optional.of(request.getSharding().getReplicas())
                        : Optional.empty()),
                Optional.empty()));
  }

  @Override
  public void getCollection(GetCollectionRequest request, StreamObserver<Collection> observer) {
    answer(
        observer,
        "GetCollection",
        () -> {
          Catalog.CollectionInfo info = catalog.getCollection(request.getName());
          return ProtoMapper.collection(info.spec(), info.stats());
        });
  }

  @Override
  public void listCollections(
      ListCollectionsRequest request, StreamObserver<ListCollectionsResponse> observer) {
    answer(
        observer,
        "ListCollections",
        () -> {
          ListCollectionsResponse.Builder response = ListCollectionsResponse.newBuilder();
          catalog
              .listCollections()
              .forEach(
                  spec -> response.addCollections(ProtoMapper.collection(spec, Optional.empty())));
          return response.build();
        });
  }

  @Override
  public void deleteCollection(
      DeleteCollectionRequest request, StreamObserver<DeleteCollectionResponse> observer) {
    answer(
        observer,
        "DeleteCollection",
        () -> {
          catalog.deleteCollection(request.getName());
          return DeleteCollectionResponse.getDefaultInstance();
        });
  }

  @Override
  public void enroll(EnrollRequest request, StreamObserver<EnrollResponse> observer) {
    answer(
        observer,
        "Enroll",
        () ->
            ProtoMapper.enrollResponse(
                recognizer.enroll(
                    request.getCollection(),
                    request.getSubjectId(),
                    ProtoMapper.inputs(request.getInputsList()),
                    request.getMetadataMap(),
                    ProtoMapper.detection(request.getDetection()),
                    ProtoMapper.multipleFaces(request.getMultipleFaces()))));
  }

  @Override
  public void identify(IdentifyRequest request, StreamObserver<IdentifyResponse> observer) {
    answer(
        observer,
        "Identify",
        () ->
            ProtoMapper.identifyResponse(
                recognizer.identify(
                    request.getCollection(),
                    ProtoMapper.input(request.getInput(), "input"),
                    request.hasTopK() ? request.getTopK() : null,
                    request.hasMaxDistance()
                        ? Optional.of(request.getMaxDistance())
                        : Optional.empty(),
                    ProtoMapper.detection(request.getDetection()))));
  }

  @Override
  public void verify(VerifyRequest request, StreamObserver<VerifyResponse> observer) {
    answer(
        observer,
        "Verify",
        () -> {
          Recognizer.Reference reference =
              switch (request.getReferenceCase()) {
                case SUBJECT_ID -> new Recognizer.Reference.OfSubject(request.getSubjectId());
                case REFERENCE_INPUT ->
                    new Recognizer.Reference.OfInput(
                        ProtoMapper.input(request.getReferenceInput(), "reference_input"));
                case REFERENCE_NOT_SET ->
                    throw new InvalidInputException(
                        "reference is empty: set subject_id or reference_input");
              };
          return ProtoMapper.verifyResponse(
              recognizer.verify(
                  request.getCollection(),
                  ProtoMapper.input(request.getProbe(), "probe"),
                  reference,
                  ProtoMapper.detection(request.getDetection())));
        });
  }

  @Override
  public void detect(DetectRequest request, StreamObserver<DetectResponse> observer) {
    answer(
        observer,
        "Detect",
        () ->
            ProtoMapper.detectResponse(
                recognizer.detect(
                    request.getImage().toByteArray(),
                    request.getCollection(),
                    ProtoMapper.detection(request.getDetection()))));
  }

  @Override
  public void analyzeFaces(
      AnalyzeFacesRequest request, StreamObserver<AnalyzeFacesResponse> observer) {
    answer(
        observer,
        "AnalyzeFaces",
        () ->
            ProtoMapper.analyzeResponse(
                recognizer.analyze(
                    request.getImage().toByteArray(),
                    request.getCollection(),
                    request.getEmbeddingModel(),
                    ProtoMapper.detection(request.getDetection()),
                    request.getIncludeChips())));
  }

  @Override
  public void getSubject(GetSubjectRequest request, StreamObserver<Subject> observer) {
    answer(
        observer,
        "GetSubject",
        () ->
            ProtoMapper.subject(catalog.subject(request.getCollection(), request.getSubjectId())));
  }

  @Override
  public void listSubjects(
      ListSubjectsRequest request, StreamObserver<ListSubjectsResponse> observer) {
    answer(
        observer,
        "ListSubjects",
        () -> {
          Catalog.SubjectListing listing =
              catalog.subjects(
                  request.getCollection(), request.getPageToken(), request.getPageSize());
          ListSubjectsResponse.Builder response =
              ListSubjectsResponse.newBuilder().setNextPageToken(listing.nextPageToken());
          listing.subjects().forEach(s -> response.addSubjects(ProtoMapper.subject(s)));
          return response.build();
        });
  }

  @Override
  public void deleteSubject(
      DeleteSubjectRequest request, StreamObserver<DeleteSubjectResponse> observer) {
    answer(
        observer,
        "DeleteSubject",
        () ->
            DeleteSubjectResponse.newBuilder()
                .setDeletedFaces(
                    catalog.deleteSubject(request.getCollection(), request.getSubjectId()))
                .build());
  }

  @Override
  public void deleteFace(DeleteFaceRequest request, StreamObserver<DeleteFaceResponse> observer) {
    answer(
        observer,
        "DeleteFace",
        () ->
            DeleteFaceResponse.newBuilder()
                .setSubjectId(catalog.deleteFace(request.getCollection(), request.getFaceId()))
                .build());
  }

  @Override
  public void compactCollection(
      CompactCollectionRequest request, StreamObserver<CompactionProgress> observer) {
    Compaction compaction;
    try {
      compaction = catalog.compactCollection(request.getName());
    } catch (RuntimeException e) {
      observer.onError(Statuses.of(e, "CompactCollection").asRuntimeException());
      return;
    }
    CompactionStream.start(compaction, observer);
  }
}
