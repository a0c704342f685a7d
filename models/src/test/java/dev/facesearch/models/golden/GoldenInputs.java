package dev.facesearch.models.golden;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs of each net's golden fixture, in one place so that the server's tests can feed the
 * same inputs through its own translators and decoders.
 *
 * <p>Synthetic patterns are always there. Crops of the shared photos are there when {@code
 * ../shared/data/faces} is (it sits beside the project, not in it); without it the golden tests
 * still check every synthetic case, and say that the photo cases were skipped.
 */
public final class GoldenInputs {
  private GoldenInputs() {}

  /** A photo crop: see {@link GoldenInput#crop}; square when height is 0. */
  private record Crop(String photo, int left, int top, int size, int factor, int height) {
    Crop(String photo, int left, int top, int size, int factor) {
      this(photo, left, top, size, factor, 0);
    }

    GoldenInput read() throws IOException {
      return height == 0
          ? GoldenInput.crop(photo, left, top, size, factor)
          : GoldenInput.crop(photo, left, top, size, height, factor);
    }
  }

  private static List<GoldenInput> with(List<GoldenInput> patterns, List<Crop> crops)
      throws IOException {
    List<GoldenInput> inputs = new ArrayList<>(patterns);
    if (GoldenInput.photosAvailable()) {
      for (Crop crop : crops) {
        inputs.add(crop.read());
      }
    } else {
      System.err.println(
          "golden: " + GoldenInput.sharedFaces() + " is missing; photo cases skipped");
    }
    return inputs;
  }

  private static final String OBAMA_AND_BIDEN =
      "face-recognition-examples/examples/knn_examples/test/obama_and_biden.jpg";

  /** FaceRecognitionNet: 150x150 face chips. */
  public static List<GoldenInput> faceRecognition() throws IOException {
    return with(
        List.of(GoldenInput.pattern("pattern-1", 150, 1), GoldenInput.pattern("pattern-2", 150, 2)),
        List.of(
            new Crop("lfw-subset/Tony_Blair/Tony_Blair_0001.jpg", 50, 50, 150, 1),
            new Crop("lfw-subset/Colin_Powell/Colin_Powell_0002.jpg", 50, 50, 150, 1),
            new Crop("openface-examples/examples/clapton-2.jpg", 50, 20, 150, 2)));
  }

  /** Both landmark nets: 112x112 face crops, three tight ones and a loose one. */
  public static List<GoldenInput> landmarks() throws IOException {
    return with(List.of(GoldenInput.pattern("pattern-1", 112, 1)), landmarkCrops(true));
  }

  /** The tight landmark crops, brows to chin, on which the points must be plausible. */
  public static List<GoldenInput> tightFaces() throws IOException {
    return with(List.of(), landmarkCrops(false));
  }

  private static List<Crop> landmarkCrops(boolean withLoose) {
    List<Crop> crops = new ArrayList<>();
    crops.add(new Crop("lfw-subset/George_W_Bush/George_W_Bush_0001.jpg", 69, 78, 112, 1));
    crops.add(new Crop("lfw-subset/Tony_Blair/Tony_Blair_0001.jpg", 69, 78, 112, 1));
    crops.add(new Crop("lfw-subset/Vladimir_Putin/Vladimir_Putin_0001.jpg", 69, 78, 112, 1));
    if (withLoose) {
      // The face fills half of it: FaceLandmark68Net needs detector-tight crops, this shows why.
      crops.add(new Crop("lfw-subset/George_W_Bush/George_W_Bush_0001.jpg", 13, 13, 112, 2));
    }
    return crops;
  }

  /** SSD MobileNet v1: 512x512 crops of group photos. */
  public static List<GoldenInput> ssdMobilenetV1() throws IOException {
    return with(
        List.of(GoldenInput.pattern("pattern-1", 512, 1), GoldenInput.pattern("pattern-2", 512, 2)),
        List.of(
            new Crop("dlib-faces/bald_guys.jpg", 0, 0, 512, 3),
            new Crop("dlib-faces/bald_guys.jpg", 960, 500, 512, 2),
            new Crop(OBAMA_AND_BIDEN, 560, 100, 512, 2)));
  }

  /** TinyFaceDetector: 416x416 crops, and one 320x320 (its input size is free). */
  public static List<GoldenInput> tinyFaceDetector() throws IOException {
    return with(
        List.of(GoldenInput.pattern("pattern-416", 416, 1)),
        List.of(
            new Crop("dlib-faces/bald_guys.jpg", 300, 150, 416, 3),
            new Crop(OBAMA_AND_BIDEN, 400, 90, 416, 3),
            new Crop("openface-examples/examples/lennon-2.jpg", 184, 184, 416, 2),
            new Crop(OBAMA_AND_BIDEN, 360, 60, 320, 4)));
  }

  /**
   * Whole photos at their own, non-square sizes, for the detectors' decoded boxes: face-api pads
   * them to a square and resizes them itself, so these cases check our padding, resizing and
   * mapping back to the photo.
   */
  public static List<GoldenInput> detectorPhotos() throws IOException {
    return with(
        List.of(),
        List.of(
            new Crop(OBAMA_AND_BIDEN, 0, 0, 500, 4, 357),
            new Crop("dlib-faces/bald_guys.jpg", 0, 0, 662, 3, 515),
            new Crop("openface-examples/examples/longoria-cooper.jpg", 0, 0, 293, 1, 473),
            new Crop("dlib-faces/2008_002506.jpg", 0, 0, 500, 1, 375)));
  }

  /**
   * Face crops that are not square, for the landmark nets: face-api pads them centred and resizes
   * them, and reports points in the crop's pixels.
   */
  public static List<GoldenInput> landmarkPhotos() throws IOException {
    return with(
        List.of(),
        List.of(
            new Crop("lfw-subset/Hugo_Chavez/Hugo_Chavez_0001.jpg", 65, 60, 120, 1, 140),
            new Crop("lfw-subset/Jacques_Chirac/Jacques_Chirac_0001.jpg", 55, 75, 140, 1, 115),
            new Crop("openface-examples/examples/clapton-1.jpg", 220, 60, 91, 2, 85)));
  }
}
