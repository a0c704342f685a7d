package dev.facesearch.server.grpc;

import static dev.facesearch.server.testing.Protos.embedding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.facesearch.api.v1.Candidate;
import dev.facesearch.api.v1.Collection;
import dev.facesearch.api.v1.CompactCollectionRequest;
import dev.facesearch.api.v1.CompactionProgress;
import dev.facesearch.api.v1.CreateCollectionRequest;
import dev.facesearch.api.v1.DeleteCollectionRequest;
import dev.facesearch.api.v1.DeleteFaceRequest;
import dev.facesearch.api.v1.DeleteSubjectRequest;
import dev.facesearch.api.v1.DetectRequest;
import dev.facesearch.api.v1.DetectionSettings;
import dev.facesearch.api.v1.Detector;
import dev.facesearch.api.v1.EnrollOutcome;
import dev.facesearch.api.v1.EnrollRequest;
import dev.facesearch.api.v1.EnrollResponse;
import dev.facesearch.api.v1.EnrollResult;
import dev.facesearch.api.v1.FaceInput;
import dev.facesearch.api.v1.FaceResult;
import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.api.v1.GetCollectionRequest;
import dev.facesearch.api.v1.GetSubjectRequest;
import dev.facesearch.api.v1.HnswSettings;
import dev.facesearch.api.v1.IdentifyRequest;
import dev.facesearch.api.v1.IdentifyResponse;
import dev.facesearch.api.v1.LandmarkModel;
import dev.facesearch.api.v1.ListCollectionsRequest;
import dev.facesearch.api.v1.ListSubjectsRequest;
import dev.facesearch.api.v1.ListSubjectsResponse;
import dev.facesearch.api.v1.Subject;
import dev.facesearch.api.v1.VectorEncoding;
import dev.facesearch.api.v1.VerifyRequest;
import dev.facesearch.api.v1.VerifyResponse;
import dev.facesearch.models.faceapi.FaceRecognitionNetGraph;
import dev.facesearch.server.testing.FaceLikeVectors;
import dev.facesearch.server.testing.TestServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** The FaceSearch service through an in-process channel, on a real gallery on disk. */
class FaceSearchServiceTest {
  private static final String C = "people";

  @TempDir Path data;
  private TestServer server;
  private FaceSearchGrpc.FaceSearchBlockingStub stub;
  private final FaceLikeVectors faces = new FaceLikeVectors(99);

  /**
   * The server under test; {@link FaceSearchServiceOpenSearchTest} puts its gallery on a cluster.
   */
  TestServer startServer(Path data) throws Exception {
    return TestServer.start(data);
  }

  @BeforeEach
  void start() throws Exception {
    server = startServer(data);
    stub = server.stub();
    stub.createCollection(CreateCollectionRequest.newBuilder().setName(C).build());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private EnrollResponse enroll(String subject, float[]... vectors) {
    EnrollRequest.Builder request =
        EnrollRequest.newBuilder().setCollection(C).setSubjectId(subject);
    for (float[] v : vectors) {
      request.addInputs(embedding(v));
    }
    return stub.enroll(request.build());
  }

  private IdentifyResponse identify(float[] query, int topK) {
    return stub.identify(
        IdentifyRequest.newBuilder()
            .setCollection(C)
            .setInput(embedding(query))
            .setTopK(topK)
            .build());
  }

  private long faceCount() {
    return stub.getCollection(GetCollectionRequest.newBuilder().setName(C).build())
        .getStats()
        .getFaceCount();
  }

  private static void assertStatus(Status.Code expected, Executable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
    assertEquals(expected, e.getStatus().getCode(), e.getStatus().toString());
    String description = e.getStatus().getDescription();
    assertTrue(
        description != null && !description.isBlank() && !description.contains("\n"),
        "a one-line reason: " + description);
  }

  // --- Collections ---

  @Test
  void createCollection_withDefaults_usesTheDefaultModelAndSettings() {
    Collection created =
        stub.createCollection(CreateCollectionRequest.newBuilder().setName("defaults").build());
    assertEquals("resnet128", created.getEmbeddingModel());
    assertEquals(128, created.getDimension());
    assertEquals(FaceRecognitionNetGraph.DEFAULT_MATCH_THRESHOLD, created.getMatchThreshold());
    assertEquals(16, created.getHnsw().getMaxConnections());
    assertEquals(100, created.getHnsw().getBeamWidth());
    assertTrue(created.getCreateTime().getSeconds() > 0);
    assertFalse(created.hasStats());
  }

  @Test
  void createCollection_withSettings_keepsThem() {
    Collection created =
        stub.createCollection(
            CreateCollectionRequest.newBuilder()
                .setName("custom_1")
                .setEmbeddingModel("external")
                .setMatchThreshold(0.7f)
                .setHnsw(HnswSettings.newBuilder().setMaxConnections(32).setBeamWidth(200))
                .build());
    Collection got =
        stub.getCollection(GetCollectionRequest.newBuilder().setName("custom_1").build());
    assertEquals(created, got.toBuilder().clearStats().build());
    assertEquals(0.7f, got.getMatchThreshold());
    assertEquals(32, got.getHnsw().getMaxConnections());
  }

  @Test
  void createCollection_withDlibDetection_returnsItAndKeepsItAfterARestart() throws Exception {
    DetectionSettings detection =
        DetectionSettings.newBuilder()
            .setDetector(Detector.DETECTOR_DLIB_HOG)
            .setUpsample(2)
            .setCnnFallback(false)
            .setLandmarkModel(LandmarkModel.LANDMARK_MODEL_FACE_API)
            .setMinFaceSize(30)
            .build();
    Collection created =
        stub.createCollection(
            CreateCollectionRequest.newBuilder().setName("dlib").setDetection(detection).build());
    assertEquals(detection, created.getDetection());
    // Unset stays unset: an upsampling of 0 or a fallback left to the server is not stored as set.
    DetectionSettings landmarksOnly =
        DetectionSettings.newBuilder().setLandmarkModel(LandmarkModel.LANDMARK_MODEL_DLIB).build();
    stub.createCollection(
        CreateCollectionRequest.newBuilder()
            .setName("dlib_marks")
            .setDetection(landmarksOnly)
            .build());

    server.close();
    server = startServer(data);
    stub = server.stub();

    Collection got = stub.getCollection(GetCollectionRequest.newBuilder().setName("dlib").build());
    assertEquals(detection, got.getDetection());
    assertEquals(created, got.toBuilder().clearStats().build());
    DetectionSettings marks =
        stub.getCollection(GetCollectionRequest.newBuilder().setName("dlib_marks").build())
            .getDetection();
    assertEquals(landmarksOnly, marks);
    assertFalse(marks.hasUpsample());
    assertFalse(marks.hasCnnFallback());
  }

  @Test
  void getCollection_reportsFacesSubjectsAndBytes() {
    enroll("alice", faces.identity(), faces.identity());
    enroll("bob", faces.identity());
    Collection got = stub.getCollection(GetCollectionRequest.newBuilder().setName(C).build());
    assertEquals(3, got.getStats().getFaceCount());
    assertEquals(2, got.getStats().getSubjectCount());
    assertTrue(got.getStats().getSizeBytes() > 3 * 128 * 4, "at least the raw vectors");
  }

  @Test
  void createCollection_vectorEncoding_defaultsToFloat32AndKeepsInt8() {
    Collection plain =
        stub.createCollection(CreateCollectionRequest.newBuilder().setName("plain").build());
    assertEquals(VectorEncoding.VECTOR_ENCODING_FLOAT32, plain.getHnsw().getVectorEncoding());
    stub.createCollection(
        CreateCollectionRequest.newBuilder()
            .setName("quantised")
            .setHnsw(
                HnswSettings.newBuilder().setVectorEncoding(VectorEncoding.VECTOR_ENCODING_INT8))
            .build());
    Collection got =
        stub.getCollection(GetCollectionRequest.newBuilder().setName("quantised").build());
    assertEquals(VectorEncoding.VECTOR_ENCODING_INT8, got.getHnsw().getVectorEncoding());
    float[] alice = faces.identity();
    stub.enroll(
        EnrollRequest.newBuilder()
            .setCollection("quantised")
            .setSubjectId("alice")
            .addInputs(embedding(alice))
            .build());
    IdentifyResponse found =
        stub.identify(
            IdentifyRequest.newBuilder()
                .setCollection("quantised")
                .setInput(embedding(alice))
                .setTopK(1)
                .build());
    // Exact distances: candidates are rescored from the float vectors.
    assertEquals(0f, found.getResults(0).getCandidates(0).getDistance(), 1e-6f);
    assertStatus(
        Status.Code.INVALID_ARGUMENT,
        () ->
            stub.createCollection(
                CreateCollectionRequest.newBuilder()
                    .setName("bad_encoding")
                    .setHnsw(HnswSettings.newBuilder().setVectorEncodingValue(99))
                    .build()));
  }

  @Test
  void compactCollection_streamsProgressToOneSegmentPerShard_andKeepsEveryFace() {
    List<float[]> enrolled = new ArrayList<>();
    for (int s = 0; s < 12; s++) {
      float[] face = faces.identity();
      enrolled.add(face);
      enroll("s" + s, face);
    }
    Collection before = stub.getCollection(GetCollectionRequest.newBuilder().setName(C).build());
    int shards = before.hasSharding() ? before.getSharding().getShards() : 1;
    assertTrue(before.getStats().getSegmentCount() >= shards, before.getStats().toString());

    List<CompactionProgress> progress = new ArrayList<>();
    stub.compactCollection(CompactCollectionRequest.newBuilder().setName(C).build())
        .forEachRemaining(progress::add);

    CompactionProgress last = progress.getLast();
    assertTrue(last.getDone());
    assertTrue(
        progress.subList(0, progress.size() - 1).stream().noneMatch(CompactionProgress::getDone));
    assertEquals(before.getStats().getSegmentCount(), last.getSegmentsBefore());
    Collection after = stub.getCollection(GetCollectionRequest.newBuilder().setName(C).build());
    assertTrue(after.getStats().getSegmentCount() <= shards, after.getStats().toString());
    assertEquals(after.getStats().getSegmentCount(), last.getSegments());
    assertEquals(12, after.getStats().getFaceCount());
    for (int s = 0; s < enrolled.size(); s++) {
      assertEquals(
          "s" + s, identify(enrolled.get(s), 1).getResults(0).getCandidates(0).getSubjectId());
    }
    assertStatus(
        Status.Code.NOT_FOUND,
        () ->
            stub.compactCollection(CompactCollectionRequest.newBuilder().setName("nope").build())
                .hasNext());
  }

  @Test
  void listCollections_isSortedByName() {
    stub.createCollection(CreateCollectionRequest.newBuilder().setName("a-first").build());
    List<String> names =
        stub
            .listCollections(ListCollectionsRequest.getDefaultInstance())
            .getCollectionsList()
            .stream()
            .map(Collection::getName)
            .toList();
    assertEquals(List.of("a-first", C), names);
  }

  @Test
  void deleteCollection_makesItUnknown() {
    enroll("alice", faces.identity());
    stub.deleteCollection(DeleteCollectionRequest.newBuilder().setName(C).build());
    assertStatus(
        Status.Code.NOT_FOUND,
        () -> stub.getCollection(GetCollectionRequest.newBuilder().setName(C).build()));
    assertStatus(Status.Code.NOT_FOUND, () -> enroll("alice", faces.identity()));
  }

  // --- Enroll, Identify, Verify ---

  @Test
  void enroll_sameEmbeddingTwice_reportsAlreadyEnrolledWithTheSameId() {
    float[] v = faces.identity();
    EnrollOutcome first = enroll("alice", v).getOutcomes(0);
    EnrollOutcome again = enroll("alice", v).getOutcomes(0);
    assertEquals(EnrollResult.ENROLL_RESULT_ENROLLED, first.getResult());
    assertEquals(EnrollResult.ENROLL_RESULT_ALREADY_ENROLLED, again.getResult());
    assertEquals(first.getFaceId(), again.getFaceId());
    assertEquals(1, faceCount());
  }

  @Test
  void enroll_scaledCopyOfAnEmbedding_isTheSameFace() {
    float[] v = faces.identity();
    float[] doubled = v.clone();
    for (int i = 0; i < doubled.length; i++) {
      doubled[i] *= 2;
    }
    assertEquals(
        enroll("alice", v).getOutcomes(0).getFaceId(),
        enroll("alice", doubled).getOutcomes(0).getFaceId());
  }

  @Test
  void identify_noisyView_findsTheRightSubjectWithinThreshold() {
    stub.createCollection(
        CreateCollectionRequest.newBuilder()
            .setName("loose")
            .setEmbeddingModel("external")
            .setMatchThreshold(1.0f)
            .build());
    List<float[]> identities = new ArrayList<>();
    for (int s = 0; s < 20; s++) {
      float[] identity = faces.identity();
      identities.add(identity);
      EnrollRequest.Builder request =
          EnrollRequest.newBuilder().setCollection("loose").setSubjectId("s" + s);
      for (int p = 0; p < 3; p++) {
        request.addInputs(embedding(faces.view(identity)));
      }
      stub.enroll(request.build());
    }
    for (int s = 0; s < 20; s++) {
      IdentifyResponse response =
          stub.identify(
              IdentifyRequest.newBuilder()
                  .setCollection("loose")
                  .setInput(embedding(faces.view(identities.get(s))))
                  .setTopK(3)
                  .build());
      assertEquals(1.0f, response.getMatchThreshold());
      FaceResult result = response.getResults(0);
      assertEquals(1, response.getResultsCount());
      assertEquals("s" + s, result.getCandidates(0).getSubjectId());
      assertTrue(result.getKnown());
      assertEquals(3, result.getCandidatesCount());
      assertEquals(
          3, result.getCandidatesList().stream().map(Candidate::getSubjectId).distinct().count());
      for (Candidate c : result.getCandidatesList()) {
        assertEquals(1 - c.getDistance() / 4, c.getSimilarity(), 1e-6);
      }
    }
    // A stranger is not known, though the nearest subjects are still listed.
    IdentifyResponse stranger =
        stub.identify(
            IdentifyRequest.newBuilder()
                .setCollection("loose")
                .setInput(embedding(faces.identity()))
                .build());
    assertFalse(stranger.getResults(0).getKnown());
    assertEquals(5, stranger.getResults(0).getCandidatesCount(), "top_k defaults to 5");
  }

  @Test
  void identify_maxDistance_dropsFartherCandidates() {
    float[] alice = faces.identity();
    enroll("alice", faces.view(alice));
    enroll("bob", faces.identity());
    IdentifyResponse response =
        stub.identify(
            IdentifyRequest.newBuilder()
                .setCollection(C)
                .setInput(embedding(faces.view(alice)))
                .setTopK(2)
                .setMaxDistance(1.2f)
                .build());
    assertEquals(
        List.of("alice"),
        response.getResults(0).getCandidatesList().stream().map(Candidate::getSubjectId).toList());
  }

  @Test
  void identify_emptyCollection_hasNoCandidatesAndIsUnknown() {
    FaceResult result = identify(faces.identity(), 3).getResults(0);
    assertEquals(0, result.getCandidatesCount());
    assertFalse(result.getKnown());
  }

  @Test
  void verify_againstSubjectAndAgainstInput() {
    float[] alice = faces.identity();
    float[] aliceAgain = faces.view(alice);
    String aliceFace = enroll("alice", alice).getOutcomes(0).getFaceId();
    enroll("bob", faces.identity());

    VerifyResponse same =
        stub.verify(
            VerifyRequest.newBuilder()
                .setCollection(C)
                .setProbe(embedding(alice))
                .setSubjectId("alice")
                .build());
    assertTrue(same.getMatch());
    assertEquals(0f, same.getDistance(), 1e-5f);
    assertEquals(aliceFace, same.getFaces(0).getFaceId());
    assertEquals(FaceRecognitionNetGraph.DEFAULT_MATCH_THRESHOLD, same.getThreshold());

    VerifyResponse other =
        stub.verify(
            VerifyRequest.newBuilder()
                .setCollection(C)
                .setProbe(embedding(alice))
                .setSubjectId("bob")
                .build());
    assertFalse(other.getMatch());
    assertTrue(other.getDistance() > 1f);

    VerifyResponse pair =
        stub.verify(
            VerifyRequest.newBuilder()
                .setCollection(C)
                .setProbe(embedding(alice))
                .setReferenceInput(embedding(aliceAgain))
                .build());
    assertEquals(FaceLikeVectors.squareDistance(alice, aliceAgain), pair.getDistance(), 1e-5);
    assertEquals(
        pair.getDistance() <= FaceRecognitionNetGraph.DEFAULT_MATCH_THRESHOLD, pair.getMatch());
    assertEquals("", pair.getFaces(0).getFaceId());

    assertStatus(
        Status.Code.NOT_FOUND,
        () ->
            stub.verify(
                VerifyRequest.newBuilder()
                    .setCollection(C)
                    .setProbe(embedding(alice))
                    .setSubjectId("nobody")
                    .build()));
  }

  // --- Subjects and faces ---

  @Test
  void getSubject_listsFacesWithMetadata() {
    String faceId =
        stub.enroll(
                EnrollRequest.newBuilder()
                    .setCollection(C)
                    .setSubjectId("José García 李")
                    .addInputs(embedding(faces.identity()))
                    .putMetadata("source", "badge-photo")
                    .build())
            .getOutcomes(0)
            .getFaceId();
    Subject subject =
        stub.getSubject(
            GetSubjectRequest.newBuilder().setCollection(C).setSubjectId("José García 李").build());
    assertEquals(1, subject.getFaceCount());
    assertEquals(faceId, subject.getFaces(0).getFaceId());
    assertEquals(Map.of("source", "badge-photo"), subject.getFaces(0).getMetadataMap());
    assertEquals(64, subject.getFaces(0).getContentHash().length());
  }

  @Test
  void listSubjects_pagesWithTokens() {
    for (int i = 0; i < 7; i++) {
      enroll("subject-" + i, faces.identity());
    }
    List<String> seen = new ArrayList<>();
    String token = "";
    do {
      ListSubjectsResponse page =
          stub.listSubjects(
              ListSubjectsRequest.newBuilder()
                  .setCollection(C)
                  .setPageSize(3)
                  .setPageToken(token)
                  .build());
      assertTrue(page.getSubjectsCount() <= 3);
      page.getSubjectsList().forEach(s -> seen.add(s.getSubjectId()));
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    assertEquals(
        List.of(
            "subject-0",
            "subject-1",
            "subject-2",
            "subject-3",
            "subject-4",
            "subject-5",
            "subject-6"),
        seen);
  }

  @Test
  void deleteSubjectAndFace_removeThem() {
    enroll("alice", faces.identity(), faces.identity());
    String bobFace = enroll("bob", faces.identity()).getOutcomes(0).getFaceId();
    assertEquals(
        2,
        stub.deleteSubject(
                DeleteSubjectRequest.newBuilder().setCollection(C).setSubjectId("alice").build())
            .getDeletedFaces());
    assertEquals(
        "bob",
        stub.deleteFace(DeleteFaceRequest.newBuilder().setCollection(C).setFaceId(bobFace).build())
            .getSubjectId());
    assertEquals(0, faceCount());
    assertStatus(
        Status.Code.NOT_FOUND,
        () ->
            stub.deleteSubject(
                DeleteSubjectRequest.newBuilder().setCollection(C).setSubjectId("alice").build()));
    assertStatus(
        Status.Code.NOT_FOUND,
        () ->
            stub.deleteFace(
                DeleteFaceRequest.newBuilder().setCollection(C).setFaceId(bobFace).build()));
  }

  // --- Images before the pipeline, health, reflection ---

  @Test
  void imageInputs_thatAreNotImages_areInvalid() {
    FaceInput garbage =
        FaceInput.newBuilder().setImage(ByteString.copyFromUtf8("not really a jpeg")).build();
    assertStatus(
        Status.Code.INVALID_ARGUMENT,
        () ->
            stub.enroll(
                EnrollRequest.newBuilder()
                    .setCollection(C)
                    .setSubjectId("a")
                    .addInputs(garbage)
                    .build()));
    assertStatus(
        Status.Code.INVALID_ARGUMENT,
        () -> stub.detect(DetectRequest.newBuilder().setImage(garbage.getImage()).build()));
    assertStatus(
        Status.Code.INVALID_ARGUMENT, () -> stub.detect(DetectRequest.getDefaultInstance()));
    assertEquals(0, faceCount());
  }

  @Test
  void badDetectionSettings_areInvalid() {
    for (DetectionSettings.Builder bad :
        List.of(
            DetectionSettings.newBuilder().setMinScore(1f),
            DetectionSettings.newBuilder().setMinScore(-0.1f),
            DetectionSettings.newBuilder().setMaxFaces(0),
            DetectionSettings.newBuilder().setMaxFaces(1001),
            DetectionSettings.newBuilder().setNmsIou(0f),
            DetectionSettings.newBuilder().setInputSize(100),
            DetectionSettings.newBuilder().setInputSize(2048),
            DetectionSettings.newBuilder().setMinFaceSize(-1),
            DetectionSettings.newBuilder().setUpsample(3),
            DetectionSettings.newBuilder().setUpsample(-1),
            DetectionSettings.newBuilder()
                .setDetector(Detector.DETECTOR_DLIB_HOG)
                .setUpsample(Integer.MAX_VALUE),
            DetectionSettings.newBuilder().setDetectorValue(99),
            DetectionSettings.newBuilder().setLandmarkModelValue(3),
            DetectionSettings.newBuilder().setLandmarkModelValue(-1))) {
      assertStatus(
          Status.Code.INVALID_ARGUMENT,
          () ->
              stub.createCollection(
                  CreateCollectionRequest.newBuilder()
                      .setName("bad-det")
                      .setDetection(bad)
                      .build()));
      assertStatus(
          Status.Code.INVALID_ARGUMENT,
          () ->
              stub.identify(
                  IdentifyRequest.newBuilder()
                      .setCollection(C)
                      .setInput(embedding(faces.identity()))
                      .setDetection(bad)
                      .build()));
    }
  }

  @Test
  void badDlibDetectionSettings_sayWhichField() {
    Map<String, DetectionSettings.Builder> cases =
        Map.of(
            "detection.upsample must be in [0, 2], got 3",
            DetectionSettings.newBuilder().setUpsample(3),
            "detection.upsample must be in [0, 2], got -1",
            DetectionSettings.newBuilder().setUpsample(-1),
            "detection.landmark_model is not a known landmark model",
            DetectionSettings.newBuilder().setLandmarkModelValue(7));
    for (Map.Entry<String, DetectionSettings.Builder> bad : cases.entrySet()) {
      StatusRuntimeException e =
          assertThrows(
              StatusRuntimeException.class,
              () ->
                  stub.createCollection(
                      CreateCollectionRequest.newBuilder()
                          .setName("bad-det")
                          .setDetection(bad.getValue())
                          .build()));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
      assertEquals(bad.getKey(), e.getStatus().getDescription());
    }
  }

  @Test
  void imageInput_onExternalCollection_isAFailedPrecondition() {
    stub.createCollection(
        CreateCollectionRequest.newBuilder()
            .setName("ext")
            .setEmbeddingModel("external")
            .setMatchThreshold(1)
            .build());
    FaceInput image = FaceInput.newBuilder().setImage(ByteString.copyFromUtf8("jpeg")).build();
    assertStatus(
        Status.Code.FAILED_PRECONDITION,
        () ->
            stub.identify(
                IdentifyRequest.newBuilder().setCollection("ext").setInput(image).build()));
  }

  @Test
  void health_reportsServingForTheServerAndTheService() {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(server.channel());
    assertEquals(
        HealthCheckResponse.ServingStatus.SERVING,
        health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
    assertEquals(
        HealthCheckResponse.ServingStatus.SERVING,
        health
            .check(HealthCheckRequest.newBuilder().setService(FaceSearchGrpc.SERVICE_NAME).build())
            .getStatus());
  }

  // --- Bad input: the right code, a one-line reason, and nothing written ---

  @Test
  void badEmbeddings_areInvalidAndWriteNothing() {
    enroll("existing", faces.identity());
    float[] nan = faces.identity();
    nan[5] = Float.NaN;
    float[] inf = faces.identity();
    inf[0] = Float.POSITIVE_INFINITY;
    float[] negInf = faces.identity();
    negInf[127] = Float.NEGATIVE_INFINITY;
    for (float[] bad :
        List.of(new float[127], new float[129], new float[0], nan, inf, negInf, new float[128])) {
      // The bad input comes second: the good first one must not be written either.
      assertStatus(Status.Code.INVALID_ARGUMENT, () -> enroll("alice", faces.identity(), bad));
      assertStatus(Status.Code.INVALID_ARGUMENT, () -> identify(bad, 1));
      assertStatus(
          Status.Code.INVALID_ARGUMENT,
          () ->
              stub.verify(
                  VerifyRequest.newBuilder()
                      .setCollection(C)
                      .setProbe(embedding(bad))
                      .setSubjectId("existing")
                      .build()));
    }
    assertEquals(1, faceCount());
  }

  @Test
  void badSubjectIds_areInvalid() {
    List<String> bad =
        List.of(
            "",
            "x".repeat(257),
            "tab\there",
            "line\nbreak",
            "nul\0",
            "zero\u200Bwidth",
            "bell\u0007");
    for (String id : bad) {
      assertStatus(Status.Code.INVALID_ARGUMENT, () -> enroll(id, faces.identity()));
      assertStatus(
          Status.Code.INVALID_ARGUMENT,
          () ->
              stub.getSubject(
                  GetSubjectRequest.newBuilder().setCollection(C).setSubjectId(id).build()));
    }
    // 256 characters, counted as code points, and non-Latin scripts are fine.
    enroll("é".repeat(256), faces.identity());
    enroll("😀".repeat(256), faces.identity());
    assertEquals(2, faceCount());
  }

  @Test
  void badCollectionNames_areInvalid_andUnknownOnesNotFound() {
    for (String name :
        List.of("", "Upper", "a/b", "../etc", "x".repeat(65), "space name", "dot.name")) {
      assertStatus(
          Status.Code.INVALID_ARGUMENT,
          () -> stub.createCollection(CreateCollectionRequest.newBuilder().setName(name).build()));
      assertStatus(
          Status.Code.INVALID_ARGUMENT,
          () -> stub.getCollection(GetCollectionRequest.newBuilder().setName(name).build()));
    }
    assertStatus(
        Status.Code.NOT_FOUND,
        () -> stub.getCollection(GetCollectionRequest.newBuilder().setName("unknown").build()));
    assertStatus(
        Status.Code.NOT_FOUND,
        () ->
            stub.identify(
                IdentifyRequest.newBuilder()
                    .setCollection("unknown")
                    .setInput(embedding(faces.identity()))
                    .build()));
    assertStatus(
        Status.Code.NOT_FOUND,
        () ->
            stub.deleteCollection(DeleteCollectionRequest.newBuilder().setName("unknown").build()));
    assertStatus(
        Status.Code.ALREADY_EXISTS,
        () -> stub.createCollection(CreateCollectionRequest.newBuilder().setName(C).build()));
  }

  @Test
  void badCollectionSettings_areInvalid() {
    List<CreateCollectionRequest.Builder> bad =
        List.of(
            CreateCollectionRequest.newBuilder().setMatchThreshold(0),
            CreateCollectionRequest.newBuilder().setMatchThreshold(-1),
            CreateCollectionRequest.newBuilder().setMatchThreshold(Float.NaN),
            CreateCollectionRequest.newBuilder().setMatchThreshold(4.5f),
            CreateCollectionRequest.newBuilder().setEmbeddingModel("no-such-model"),
            CreateCollectionRequest.newBuilder().setEmbeddingModel("external"),
            CreateCollectionRequest.newBuilder()
                .setHnsw(HnswSettings.newBuilder().setMaxConnections(1)),
            CreateCollectionRequest.newBuilder()
                .setHnsw(HnswSettings.newBuilder().setMaxConnections(513)),
            CreateCollectionRequest.newBuilder()
                .setHnsw(HnswSettings.newBuilder().setBeamWidth(-1)),
            CreateCollectionRequest.newBuilder()
                .setHnsw(HnswSettings.newBuilder().setBeamWidth(3201)));
    for (CreateCollectionRequest.Builder request : bad) {
      assertStatus(
          Status.Code.INVALID_ARGUMENT,
          () -> stub.createCollection(request.setName("bad").build()));
    }
    assertEquals(
        1, stub.listCollections(ListCollectionsRequest.getDefaultInstance()).getCollectionsCount());
  }

  @Test
  void badSearchArguments_areInvalid() {
    enroll("alice", faces.identity());
    for (int topK : new int[] {0, -1, 1001, 1_000_000}) {
      assertStatus(Status.Code.INVALID_ARGUMENT, () -> identify(faces.identity(), topK));
    }
    assertEquals(1, identify(faces.identity(), 1000).getResults(0).getCandidatesCount());
    for (float maxDistance : new float[] {-0.1f, 4.1f, Float.NaN}) {
      assertStatus(
          Status.Code.INVALID_ARGUMENT,
          () ->
              stub.identify(
                  IdentifyRequest.newBuilder()
                      .setCollection(C)
                      .setInput(embedding(faces.identity()))
                      .setMaxDistance(maxDistance)
                      .build()));
    }
    assertStatus(
        Status.Code.INVALID_ARGUMENT,
        () -> stub.identify(IdentifyRequest.newBuilder().setCollection(C).build()));
    assertStatus(
        Status.Code.INVALID_ARGUMENT,
        () ->
            stub.verify(
                VerifyRequest.newBuilder()
                    .setCollection(C)
                    .setProbe(embedding(faces.identity()))
                    .build()));
  }

  @Test
  void badEnrollShapes_areInvalidAndWriteNothing() {
    assertStatus(Status.Code.INVALID_ARGUMENT, () -> enroll("alice"));
    float[][] tooMany = new float[101][];
    for (int i = 0; i < tooMany.length; i++) {
      tooMany[i] = faces.identity();
    }
    assertStatus(Status.Code.INVALID_ARGUMENT, () -> enroll("alice", tooMany));
    Map<String, String> tooManyEntries = new HashMap<>();
    for (int i = 0; i < 33; i++) {
      tooManyEntries.put("k" + i, "v");
    }
    for (Map<String, String> metadata :
        List.of(
            tooManyEntries,
            Map.of("k".repeat(65), "v"),
            Map.of("", "v"),
            Map.of("k", "v".repeat(1025)),
            Map.of("k", "ctl\u0001"))) {
      assertStatus(
          Status.Code.INVALID_ARGUMENT,
          () ->
              stub.enroll(
                  EnrollRequest.newBuilder()
                      .setCollection(C)
                      .setSubjectId("alice")
                      .addInputs(embedding(faces.identity()))
                      .putAllMetadata(metadata)
                      .build()));
    }
    assertEquals(0, faceCount());
  }

  @Test
  void badListingAndFaceArguments_areInvalid() {
    assertStatus(
        Status.Code.INVALID_ARGUMENT,
        () ->
            stub.listSubjects(
                ListSubjectsRequest.newBuilder()
                    .setCollection(C)
                    .setPageToken("%%%not-base64")
                    .build()));
    assertStatus(
        Status.Code.INVALID_ARGUMENT,
        () ->
            stub.listSubjects(
                ListSubjectsRequest.newBuilder().setCollection(C).setPageSize(1001).build()));
    assertStatus(
        Status.Code.INVALID_ARGUMENT,
        () ->
            stub.deleteFace(
                DeleteFaceRequest.newBuilder()
                    .setCollection(C)
                    .setFaceId("not-a-face-id")
                    .build()));
    assertStatus(
        Status.Code.NOT_FOUND,
        () ->
            stub.deleteFace(
                DeleteFaceRequest.newBuilder().setCollection(C).setFaceId("0".repeat(32)).build()));
  }
}
