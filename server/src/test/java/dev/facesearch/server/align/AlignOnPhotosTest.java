package dev.facesearch.server.align;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.facesearch.server.detect.Detection;
import dev.facesearch.server.detect.DetectionOptions;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.detect.OnnxFaceDetector;
import dev.facesearch.server.image.RgbImage;
import dev.facesearch.server.landmark.FaceLandmarker;
import dev.facesearch.server.landmark.LandmarkDetector;
import dev.facesearch.server.model.ModelRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The aligners on real photos, with landmarks from our detector and landmark net: OpenFace's crops
 * against OpenFace's own, dlib's chip against dlib's template, and (to size the bounds) our
 * landmarks against dlib's shape predictor.
 */
class AlignOnPhotosTest {
  private static ModelRegistry models;
  private static OnnxFaceDetector detector;
  private static LandmarkDetector landmarkNet;
  private static FaceLandmarker landmarker;

  @BeforeAll
  static void load() throws IOException {
    assumeTrue(Files.isDirectory(Photos.faces()), "no shared photos at " + Photos.faces());
    models = ModelRegistry.open(Path.of(System.getProperty("facesearch.models.out")), 1);
    detector = OnnxFaceDetector.ssdMobilenetV1(models, 1);
    landmarkNet = LandmarkDetector.full(models, 1);
    landmarker = new FaceLandmarker(landmarkNet);
  }

  @AfterAll
  static void close() {
    if (models != null) {
      landmarkNet.close();
      detector.close();
      models.close();
    }
  }

  /** The landmarks of the largest face, as OpenFace aligns the largest face of a photo. */
  private static float[] largestFace(RgbImage image) {
    List<Detection> faces = detector.detect(image, DetectionOptions.ssdDefaults());
    assertTrue(!faces.isEmpty(), "no face found");
    Detection largest = faces.stream().max(Comparator.comparingDouble(Detection::area)).get();
    return landmarker.landmarks(image, List.of(largest), DetectorKind.SSD_MOBILENET_V1).get(0);
  }

  @Test
  void openFace_cropsResembleOpenFacesOwn() throws IOException {
    Path examples = Photos.faces().resolve("openface-examples/examples");
    Path aligned = Photos.faces().resolve("openface-examples/examples-aligned");
    assumeTrue(Files.isDirectory(examples) && Files.isDirectory(aligned));
    OpenFaceAligner aligner = new OpenFaceAligner();
    List<String> names = new ArrayList<>();
    List<RgbImage> ours = new ArrayList<>();
    List<RgbImage> theirs = new ArrayList<>();
    try (Stream<Path> files = Files.list(examples)) {
      for (Path photo : files.sorted().toList()) {
        String name = photo.getFileName().toString().replaceFirst("\\.jpg$", "");
        Path reference = aligned.resolve(name + ".png");
        // longoria-cooper (two faces) has no reference crop upstream.
        if (!Files.exists(reference)) {
          continue;
        }
        RgbImage image = Photos.read(photo);
        names.add(name);
        ours.add(aligner.align(image, largestFace(image)));
        theirs.add(Photos.read(reference));
      }
    }
    assertTrue(names.size() >= 5, "reference crops found: " + names);
    double sumOffset = 0;
    for (int i = 0; i < names.size(); i++) {
      double difference = Synthetic.meanAbsDifference(ours.get(i), theirs.get(i));
      double correlation = ImageStats.grayCorrelation(ours.get(i), theirs.get(i));
      // The same against the other people's reference crops: what any aligned face scores.
      double otherBest = -1;
      for (int j = 0; j < names.size(); j++) {
        if (j != i) {
          otherBest = Math.max(otherBest, ImageStats.grayCorrelation(ours.get(i), theirs.get(j)));
        }
      }
      // Where one landmark net sees points 36, 45 and 33 in the two crops: their geometric
      // disagreement, in chip pixels, with the net's own bias cancelled.
      List<float[]> seen = landmarkNet.landmarks(List.of(ours.get(i), theirs.get(i)));
      float[] inOurs = LandmarkDetector.inCropPixels(seen.get(0), 96, 96);
      float[] inTheirs = LandmarkDetector.inCropPixels(seen.get(1), 96, 96);
      double offset = 0;
      for (int k : new int[] {36, 45, 33}) {
        offset +=
            Math.hypot(inOurs[2 * k] - inTheirs[2 * k], inOurs[2 * k + 1] - inTheirs[2 * k + 1])
                / 3;
      }
      sumOffset += offset;
      System.out.printf(
          "OpenFace crop %-10s mean |difference| %5.1f  gray correlation %.3f (best other person"
              + " %.3f)  points 36/45/33 apart by %.1f px%n",
          names.get(i), difference, correlation, otherBest, offset);
      // Our landmark net and dlib's shape predictor disagree by about 4 chip pixels (rms) on
      // each of the three points (see landmarkNet_vsDlibsShapePredictor), and the three-point
      // map follows each point exactly: so the crops are misregistered by a few pixels, which
      // decorrelates fine texture. The pixel bounds only catch gross errors (a wrong map or
      // channel order); the geometric one is the real check.
      assertTrue(offset < 10, names.get(i) + ": points apart by " + offset + " px");
      assertTrue(correlation > 0.25, names.get(i) + ": correlation " + correlation);
      assertTrue(difference < 50, names.get(i) + ": mean |difference| " + difference);
    }
    double meanOffset = sumOffset / names.size();
    System.out.printf("OpenFace crops: points 36/45/33 apart by %.1f px on average%n", meanOffset);
    assertTrue(meanOffset < 6, "mean offset " + meanOffset);
  }

  /**
   * Our landmarks against dlib's 68-point shape predictor, the one OpenFace used: {@code
   * dlib-faces/*_with_face_landmarks.xml} hold that predictor's points for 43 faces, of which we
   * compare those large enough. Offsets are in OpenFace chip pixels (outer eye corners 57.1 apart).
   */
  @Test
  void landmarkNet_vsDlibsShapePredictor() throws IOException {
    Path folder = Photos.faces().resolve("dlib-faces");
    assumeTrue(Files.isDirectory(folder));
    Pattern imageTag = Pattern.compile("<image file='([^']+)'[^>]*>(.*?)</image>", Pattern.DOTALL);
    Pattern boxTag =
        Pattern.compile(
            "<box top='(-?\\d+)' left='(-?\\d+)' width='(\\d+)' height='(\\d+)'>(.*?)</box>",
            Pattern.DOTALL);
    Pattern partTag = Pattern.compile("<part name='(\\d+)' x='(-?\\d+)' y='(-?\\d+)'/>");
    double[] bias = new double[2];
    double distance = 0;
    int faces = 0;
    for (String xml :
        List.of("training_with_face_landmarks.xml", "testing_with_face_landmarks.xml")) {
      String text = Files.readString(folder.resolve(xml), StandardCharsets.ISO_8859_1);
      for (Matcher image = imageTag.matcher(text); image.find(); ) {
        RgbImage photo = Photos.read(folder.resolve(image.group(1)));
        List<Detection> found = detector.detect(photo, DetectionOptions.ssdDefaults());
        for (Matcher box = boxTag.matcher(image.group(2)); box.find(); ) {
          float[] dlib = new float[136];
          for (Matcher part = partTag.matcher(box.group(5)); part.find(); ) {
            int k = Integer.parseInt(part.group(1));
            dlib[2 * k] = Float.parseFloat(part.group(2));
            dlib[2 * k + 1] = Float.parseFloat(part.group(3));
          }
          double eyes = Math.hypot(dlib[90] - dlib[72], dlib[91] - dlib[73]);
          Detection match = nearest(found, dlib);
          // Faces under 20 px between the eye corners are too coarse to compare.
          if (eyes < 20 || match == null) {
            continue;
          }
          float[] ours =
              landmarker.landmarks(photo, List.of(match), DetectorKind.SSD_MOBILENET_V1).get(0);
          double unit = 57.09 / eyes;
          for (int k = 0; k < 68; k++) {
            double dx = (ours[2 * k] - dlib[2 * k]) * unit;
            double dy = (ours[2 * k + 1] - dlib[2 * k + 1]) * unit;
            bias[0] += dx / 68;
            bias[1] += dy / 68;
            distance += Math.hypot(dx, dy) / 68;
          }
          faces++;
        }
      }
    }
    assertTrue(faces >= 20, "faces compared: " + faces);
    System.out.printf(
        "landmark net vs dlib's predictor, %d faces: mean offset (%.2f, %.2f), mean distance %.2f"
            + " (OpenFace chip px)%n",
        faces, bias[0] / faces, bias[1] / faces, distance / faces);
    assertTrue(distance / faces < 6, "mean distance " + distance / faces);
  }

  /** The detection whose centre is nearest the landmarks' centre, if within 20% of their span. */
  private static Detection nearest(List<Detection> detections, float[] points) {
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double sumX = 0;
    double sumY = 0;
    for (int k = 0; k < 68; k++) {
      minX = Math.min(minX, points[2 * k]);
      maxX = Math.max(maxX, points[2 * k]);
      sumX += points[2 * k] / 68;
      sumY += points[2 * k + 1] / 68;
    }
    Detection best = null;
    double bestDistance = 0.2 * (maxX - minX);
    for (Detection d : detections) {
      double distance = Math.hypot(d.x() + d.width() / 2 - sumX, d.y() + d.height() / 2 - sumY);
      if (distance < bestDistance) {
        best = d;
        bestDistance = distance;
      }
    }
    return best;
  }

  @Test
  void dlib_eyesAndMouthLandOnTheMeanFace() throws IOException {
    Path lfw = Photos.faces().resolve("lfw-subset");
    assumeTrue(Files.isDirectory(lfw));
    DlibChipAligner aligner = new DlibChipAligner();
    int[][] parts = {range(36, 41), range(42, 47), range(48, 67)};
    String[] partNames = {"eye 36-41", "eye 42-47", "mouth"};
    List<Path> photos;
    try (Stream<Path> people = Files.list(lfw)) {
      photos = people.sorted().map(p -> p.resolve(p.getFileName() + "_0001.jpg")).toList();
    }
    double sum = 0;
    int count = 0;
    for (Path photo : photos) {
      RgbImage image = Photos.read(photo);
      float[] landmarks = largestFace(image);
      float[] inChip = aligner.imageToChip(landmarks).apply(landmarks);
      RgbImage chip = aligner.align(image, landmarks);
      assertTrue(chip.width() == 150 && chip.height() == 150);
      StringBuilder line = new StringBuilder(photo.getFileName().toString());
      for (int k = 0; k < parts.length; k++) {
        double[] ours = centre(parts[k], i -> new double[] {inChip[2 * i], inChip[2 * i + 1]});
        double[] template = centre(parts[k], aligner::templatePoint);
        double distance = Math.hypot(ours[0] - template[0], ours[1] - template[1]);
        line.append(String.format("  %s %.1f px", partNames[k], distance));
        sum += distance;
        count++;
        // A fitted similarity leaves residuals of expression, pose and face shape; a face turned
        // three-quarters (Arnold_Schwarzenegger_0001) leaves the most.
        assertTrue(distance < 10, photo.getFileName() + " " + partNames[k] + ": " + distance);
      }
      System.out.println("dlib chip " + line);
    }
    System.out.printf(
        "dlib chip: eyes and mouth %.1f px from the template on average%n", sum / count);
    assertTrue(sum / count < 4, "mean distance " + sum / count);
  }

  private static int[] range(int first, int last) {
    return java.util.stream.IntStream.rangeClosed(first, last).toArray();
  }

  private static double[] centre(int[] indices, java.util.function.IntFunction<double[]> point) {
    double x = 0;
    double y = 0;
    for (int i : indices) {
      double[] p = point.apply(i);
      x += p[0];
      y += p[1];
    }
    return new double[] {x / indices.length, y / indices.length};
  }
}
