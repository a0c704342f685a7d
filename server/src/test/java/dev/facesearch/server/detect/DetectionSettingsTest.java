package dev.facesearch.server.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.core.InvalidInputException;
import dev.facesearch.server.detect.hog.HogFaceDetector;
import dev.facesearch.server.landmark.LandmarkModel;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/**
 * The settings' new fields for dlib's pipeline: their range checks, how a layer falls back on the
 * one below, and what {@link DetectionSettings#resolve} decides for each detector.
 */
class DetectionSettingsTest {
  private static DetectionSettings hog(Integer upsample, Boolean cnnFallback) {
    return new DetectionSettings(
        DetectorKind.DLIB_HOG, null, null, null, null, null, upsample, cnnFallback, null);
  }

  private static DetectionSettings withNew(
      DetectorKind detector, Integer upsample, Boolean cnnFallback, LandmarkModel landmarks) {
    return new DetectionSettings(
        detector, null, null, null, null, null, upsample, cnnFallback, landmarks);
  }

  @Test
  void constructor_upsampleOutsideZeroToTwo_isInvalidWithOneLineReason() {
    for (int bad : new int[] {-1, 3, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> hog(bad, null));
      assertTrue(e.getMessage().startsWith("detection.upsample must be in [0, 2]"), e.getMessage());
      assertTrue(e.getMessage().endsWith("got " + bad), e.getMessage());
      assertFalse(e.getMessage().contains("\n"));
    }
    for (int good = 0; good <= DetectionOptions.MAX_UPSAMPLE; good++) {
      assertEquals(good, hog(good, null).upsample());
    }
    assertNull(hog(null, null).upsample(), "unset stays unset");
  }

  @Test
  void constructor_upsampleLimit_isTheDetectorsOwn() {
    // A setting the detector would refuse must be refused as bad input first, not fail inside.
    assertEquals(HogFaceDetector.MAX_UPSAMPLE, DetectionOptions.MAX_UPSAMPLE);
  }

  @Test
  void over_newFieldsSet_winOverTheLayerBelow() {
    DetectionSettings below =
        withNew(DetectorKind.SSD_MOBILENET_V1, 1, Boolean.TRUE, LandmarkModel.DLIB);
    DetectionSettings above = withNew(null, 2, Boolean.FALSE, LandmarkModel.FACE_API);

    DetectionSettings merged = above.over(below);

    assertEquals(DetectorKind.SSD_MOBILENET_V1, merged.detector());
    assertEquals(2, merged.upsample());
    assertEquals(Boolean.FALSE, merged.cnnFallback(), "false is a setting, not an absence");
    assertEquals(LandmarkModel.FACE_API, merged.landmarks());
  }

  @Test
  void over_newFieldsUnset_fallThroughToTheLayerBelow() {
    DetectionSettings below = withNew(DetectorKind.DLIB_HOG, 1, Boolean.FALSE, LandmarkModel.DLIB);

    assertEquals(below, DetectionSettings.NONE.over(below));
    assertEquals(below, below.over(DetectionSettings.NONE));
    DetectionSettings onlyLandmarks = withNew(null, null, null, LandmarkModel.FACE_API);
    DetectionSettings merged = onlyLandmarks.over(below);
    assertEquals(1, merged.upsample());
    assertEquals(Boolean.FALSE, merged.cnnFallback());
    assertEquals(LandmarkModel.FACE_API, merged.landmarks());
  }

  @Test
  void resolve_hogUnset_upsamplesOnceAndFallsBackOnSsd() {
    DetectionSettings.Resolved resolved = DetectionSettings.of(DetectorKind.DLIB_HOG).resolve();

    assertEquals(DetectorKind.DLIB_HOG, resolved.detector());
    assertEquals(DetectionSettings.DEFAULT_UPSAMPLE, resolved.options().upsample());
    assertEquals(1, resolved.options().upsample(), "as dlib's examples and OpenFace run it");
    assertTrue(resolved.cnnFallback());
    assertEquals(0.5f, resolved.options().minScore(), "dlib's own threshold, as a logistic");
    assertEquals(LandmarkModel.FACE_API, resolved.landmarks(), "no layer chose dlib's");
  }

  @Test
  void resolve_hogSet_keepsUpsampleFallbackAndLandmarks() {
    DetectionSettings.Resolved resolved =
        withNew(DetectorKind.DLIB_HOG, 2, Boolean.FALSE, LandmarkModel.DLIB).resolve();

    assertEquals(2, resolved.options().upsample());
    assertFalse(resolved.cnnFallback());
    assertEquals(LandmarkModel.DLIB, resolved.landmarks());
    assertTrue(hog(1, Boolean.TRUE).resolve().cnnFallback());
  }

  @Test
  void resolve_otherDetectors_ignoreUpsampleAndFallback_soTheyShareOneCacheKey() {
    for (DetectorKind kind : EnumSet.complementOf(EnumSet.of(DetectorKind.DLIB_HOG))) {
      DetectionSettings.Resolved plain = DetectionSettings.of(kind).resolve();
      DetectionSettings.Resolved asked = withNew(kind, 2, Boolean.TRUE, null).resolve();

      assertEquals(0, asked.options().upsample(), kind.toString());
      assertFalse(asked.cnnFallback(), kind + " never falls back");
      assertEquals(plain, asked, kind + ": settings it ignores must not split the cache");
    }
  }

  @Test
  void resolve_noDetector_isSsdWithoutFallback() {
    DetectionSettings.Resolved resolved = withNew(null, 2, Boolean.TRUE, null).resolve();

    assertEquals(DetectorKind.SSD_MOBILENET_V1, resolved.detector());
    assertEquals(0, resolved.options().upsample());
    assertFalse(resolved.cnnFallback());
  }

  @Test
  void resolve_sameSettingsDifferentLandmarks_areDifferentKeys() {
    // The landmark model changes the chips and so the embeddings: it must be part of the key.
    assertNotEquals(
        DetectionSettings.of(DetectorKind.DLIB_HOG, LandmarkModel.DLIB).resolve(),
        DetectionSettings.of(DetectorKind.DLIB_HOG, LandmarkModel.FACE_API).resolve());
  }
}
