package dev.facesearch.bench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.detect.DetectionSettings;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.landmark.LandmarkModel;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineConfigurationTest {
  @Test
  void all_everyDetectorWithEveryLandmarkModel_hogAtBothUpsamplings() {
    List<PipelineConfiguration> all = PipelineConfiguration.all();
    assertEquals(all.size(), new HashSet<>(all).size(), "no configuration twice");
    int expected = (DetectorKind.values().length + 1) * LandmarkModel.values().length;
    assertEquals(expected, all.size());
    for (DetectorKind detector : DetectorKind.values()) {
      for (LandmarkModel landmarks : LandmarkModel.values()) {
        assertTrue(all.contains(new PipelineConfiguration(detector, 0, landmarks)));
      }
    }
    assertTrue(all.containsAll(PipelineConfiguration.quick()));
    assertEquals(PipelineConfiguration.DLIB_PATH, all.getFirst());
  }

  @Test
  void settings_resolveToTheConfiguration() {
    for (PipelineConfiguration c : PipelineConfiguration.all()) {
      DetectionSettings.Resolved resolved = c.settings().resolve();
      assertEquals(c.detector(), resolved.detector());
      assertEquals(c.upsample(), resolved.options().upsample());
      assertEquals(c.landmarks(), resolved.landmarks());
      // The server lets SSD look again wherever HOG finds nothing; so does every HOG row.
      assertEquals(c.detector() == DetectorKind.DLIB_HOG, resolved.cnnFallback());
    }
  }

  @Test
  void needsDlib_hogOrShapePredictor() {
    assertTrue(PipelineConfiguration.DLIB_PATH.needsDlib());
    assertTrue(
        new PipelineConfiguration(DetectorKind.TINY_FACE, 0, LandmarkModel.DLIB).needsDlib());
    assertTrue(
        new PipelineConfiguration(DetectorKind.DLIB_HOG, 1, LandmarkModel.FACE_API).needsDlib());
    assertFalse(PipelineConfiguration.OLD_DEFAULT.needsDlib());
  }

  @Test
  void constructor_upsamplingAnotherDetector_throws() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new PipelineConfiguration(DetectorKind.SSD_MOBILENET_V1, 1, LandmarkModel.DLIB));
  }
}
