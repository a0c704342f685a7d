package dev.facesearch.server.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.facesearch.models.ModelManifest;
import dev.facesearch.server.core.FailedPreconditionException;
import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.landmark.LandmarkModel;
import dev.facesearch.server.model.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server set up where Debian's dlib packages could not be had: its defaults are SSD and
 * face-api's landmarks, and a request that names dlib's models is refused as the server's set-up,
 * not as a passing failure.
 */
class WithoutDlibModelsTest {
  @TempDir Path folder;

  /** The built models, less dlib's: the same files, linked, under a manifest without them. */
  private Path modelsWithoutDlib() throws Exception {
    Path built = Path.of(System.getProperty("facesearch.models.out"));
    Path manifestFile = built.resolve(ModelManifest.FILE_NAME);
    assumeTrue(Files.exists(manifestFile), "no models built in " + built);
    ModelManifest manifest = ModelManifest.fromJson(Files.readString(manifestFile));
    List<ModelManifest.Entry> kept =
        manifest.models().stream().filter(e -> !e.name().startsWith("dlib_")).toList();
    for (ModelManifest.Entry entry : kept) {
      Files.createSymbolicLink(folder.resolve(entry.file()), built.resolve(entry.file()));
    }
    Files.writeString(
        folder.resolve(ModelManifest.FILE_NAME),
        new ModelManifest(manifest.format(), manifest.recipe(), kept).toJson());
    return folder;
  }

  @Test
  void defaults_areSsdAndFaceApi_andDlibRequestsAreAPrecondition() throws Exception {
    try (ModelRegistry registry = ModelRegistry.open(modelsWithoutDlib(), 1);
        FaceModels models = new FaceModels(registry, 1)) {
      assertEquals(
          DetectionSettings.of(DetectorKind.SSD_MOBILENET_V1, LandmarkModel.FACE_API),
          models.defaults());
      FailedPreconditionException detector =
          assertThrows(
              FailedPreconditionException.class, () -> models.detector(DetectorKind.DLIB_HOG));
      assertTrue(detector.getMessage().contains("libdlib-dev"), detector.getMessage());
      FailedPreconditionException landmarks =
          assertThrows(
              FailedPreconditionException.class, () -> models.landmarker(LandmarkModel.DLIB));
      assertTrue(landmarks.getMessage().contains("libdlib-data"), landmarks.getMessage());
    }
  }

  @Test
  void operatorsLandmarkModel_winsOverTheAutomaticOne() throws Exception {
    Path built = Path.of(System.getProperty("facesearch.models.out"));
    assumeTrue(Files.exists(built.resolve(ModelManifest.FILE_NAME)), "no models built");
    try (ModelRegistry registry = ModelRegistry.open(built, 1);
        FaceModels models = new FaceModels(registry, 1, Optional.of(LandmarkModel.FACE_API))) {
      assertEquals(LandmarkModel.FACE_API, models.defaults().landmarks());
    }
  }
}
