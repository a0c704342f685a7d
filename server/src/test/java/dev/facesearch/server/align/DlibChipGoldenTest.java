package dev.facesearch.server.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.server.detect.Detection;
import dev.facesearch.server.detect.DetectionOptions;
import dev.facesearch.server.detect.DetectorKind;
import dev.facesearch.server.detect.OnnxFaceDetector;
import dev.facesearch.server.image.RgbImage;
import dev.facesearch.server.landmark.FaceLandmarker;
import dev.facesearch.server.landmark.LandmarkDetector;
import dev.facesearch.server.model.ModelRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Our chips against dlib's own {@code get_face_chip_details(shape, 150, 0.25)} and {@code
 * extract_image_chip}, byte for byte.
 *
 * <p>The fixture {@code align/dlib-chips.txt} records, for each case, the input (a synthetic
 * picture made here from a pose, or a shared photo with its SHA-256), the landmarks (whole pixels,
 * as dlib's shape predictor gives them) and the SHA-256 of dlib 19.24's chip. {@code
 * src/test/dlib/make-dlib-chips.sh} remakes it with dlib compiled from Debian's libdlib-dev.
 */
class DlibChipGoldenTest {
  private static final String FIXTURE = "/align/dlib-chips.txt";
  private static final DlibChipAligner ALIGNER = new DlibChipAligner();

  /** Smooth colours with some fine detail, so that the pyramid's filter and offsets matter. */
  private static final Synthetic.Pattern PATTERN =
      (u, v, rgb) -> {
        rgb[0] =
            128
                + 90 * StrictMath.sin(2 * Math.PI * u / 71) * StrictMath.cos(2 * Math.PI * v / 89)
                + 30 * StrictMath.sin(u * 1.3 + v * 0.7);
        rgb[1] = 128 + 90 * StrictMath.cos(2 * Math.PI * (u + v) / 83);
        rgb[2] = 128 + 80 * StrictMath.sin(2 * Math.PI * (u - 0.5 * v) / 61 + 1);
      };

  /**
   * Synthetic cases: scale, degrees, where the chip's centre goes (x, y), image width and height.
   * Scales from 0.7 to 9 image pixels per chip pixel cover zero to three pyramid levels; the last
   * three put the chip partly outside the image.
   */
  private static final double[][] POSES = {
    {0.7, 0, 89.37, 88.79, 185, 178},
    {1.0, 12, 122.87, 122.29, 252, 245},
    {1.6, -25, 190.37, 189.79, 387, 380},
    {2.0, 3, 235.37, 234.79, 477, 470},
    {2.5, 40, 291.87, 291.29, 590, 583},
    {4.2, -8, 482.87, 482.29, 972, 965},
    {6.5, 170, 741.87, 741.29, 1490, 1483},
    {9, 2, 600.37, 600.79, 1207, 1200},
    {1.3, 10, 19, 72, 300, 250},
    {3.3, -10, 87, 300, 600, 700}
  };

  /** One case: its fixture line's fields. */
  private record Case(String kind, String source, int[] landmarks, String chipSha256) {}

  private static Affine pose(double[] p) {
    Affine pose = Synthetic.pose(p[0], p[1], 0, 0);
    return Synthetic.pose(p[0], p[1], p[2] - pose.x(75, 75), p[3] - pose.y(75, 75));
  }

  private static RgbImage synthetic(double[] p) {
    return Synthetic.render((int) p[4], (int) p[5], pose(p).inverse(), PATTERN);
  }

  private static double[] parsePose(String source) {
    String[] parts = source.split(",");
    double[] p = new double[parts.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = Double.parseDouble(parts[i]);
    }
    return p;
  }

  @Test
  void chips_matchDlibByteForByte() throws IOException {
    int compared = 0;
    for (Case c : readFixture()) {
      RgbImage image;
      if (c.kind().equals("synthetic")) {
        image = synthetic(parsePose(c.source()));
      } else {
        String[] parts = c.source().split("@");
        Path photo = Photos.faces().resolve(parts[0]);
        if (!Files.exists(photo)) {
          continue;
        }
        image = Photos.read(photo);
        // A different JPEG decoder would make a different input, not a wrong chip.
        if (!sha256(image.pixels()).equals(parts[1])) {
          System.out.println("dlib chip golden: " + parts[0] + " decodes differently, skipped");
          continue;
        }
      }
      float[] landmarks = new float[136];
      for (int i = 0; i < 136; i++) {
        landmarks[i] = c.landmarks()[i];
      }
      assertEquals(
          c.chipSha256(),
          sha256(ALIGNER.align(image, landmarks).pixels()),
          c.kind() + " " + c.source());
      compared++;
    }
    assertTrue(compared >= POSES.length, "cases compared: " + compared);
  }

  private static List<Case> readFixture() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (InputStream in = DlibChipGoldenTest.class.getResourceAsStream(FIXTURE)) {
      assertTrue(in != null, "missing " + FIXTURE);
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.trim().split("\\s+");
        int[] landmarks = new int[136];
        for (int i = 0; i < 136; i++) {
          landmarks[i] = Integer.parseInt(f[3 + i]);
        }
        cases.add(new Case(f[0], f[1], landmarks, f[2]));
      }
    }
    return cases;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Remakes the fixture with the dlib program given as {@code -Dfacesearch.dlibChip}; see {@code
   * src/test/dlib/README.md}. Photo landmarks come from our detector and landmark net, rounded.
   */
  @Test
  @EnabledIfSystemProperty(named = "facesearch.dlibChip", matches = ".+")
  void remakeFixture() throws Exception {
    Path work = Files.createTempDirectory("dlib-chips");
    List<String> sources = new ArrayList<>();
    List<RgbImage> images = new ArrayList<>();
    List<int[]> landmarks = new ArrayList<>();
    for (double[] p : POSES) {
      StringBuilder source = new StringBuilder();
      for (double v : p) {
        source.append(source.isEmpty() ? "" : ",").append(v);
      }
      sources.add("synthetic " + source);
      images.add(synthetic(p));
      landmarks.add(round(Synthetic.dlibMeanFace(ALIGNER, pose(p))));
    }
    try (ModelRegistry models =
            ModelRegistry.open(Path.of(System.getProperty("facesearch.models.out")), 1);
        OnnxFaceDetector detector = OnnxFaceDetector.ssdMobilenetV1(models, 1);
        LandmarkDetector net = LandmarkDetector.full(models, 1)) {
      FaceLandmarker landmarker = new FaceLandmarker(net);
      for (String photo :
          List.of(
              "openface-examples/examples/lennon-1.jpg",
              "openface-examples/examples/clapton-2.jpg",
              "openface-examples/examples/longoria-cooper.jpg",
              "lfw-subset/Tony_Blair/Tony_Blair_0001.jpg",
              "lfw-subset/Colin_Powell/Colin_Powell_0001.jpg")) {
        RgbImage image = Photos.read(Photos.faces().resolve(photo));
        for (Detection face : detector.detect(image, DetectionOptions.ssdDefaults())) {
          sources.add("photo " + photo + "@" + sha256(image.pixels()));
          images.add(image);
          landmarks.add(
              round(
                  landmarker
                      .landmarks(image, List.of(face), DetectorKind.SSD_MOBILENET_V1)
                      .get(0)));
        }
      }
    }
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < images.size(); i++) {
      Path rgb = work.resolve(i + ".rgb");
      Files.write(rgb, images.get(i).pixels());
      input.append(rgb).append(' ').append(images.get(i).width()).append(' ');
      input.append(images.get(i).height()).append(" 150 0.25");
      for (int v : landmarks.get(i)) {
        input.append(' ').append(v);
      }
      input.append('\n');
    }
    Process dlib =
        new ProcessBuilder(System.getProperty("facesearch.dlibChip"))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (var stdin = dlib.getOutputStream()) {
      stdin.write(input.toString().getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(0, dlib.waitFor());
    StringBuilder fixture =
        new StringBuilder(
            "# kind source chip-sha256 x0 y0 ... x67 y67: dlib 19.24's extract_image_chip(img,"
                + " get_face_chip_details(shape, 150, 0.25))\n"
                + "# synthetic: scale,degrees,centreX,centreY,width,height (DlibChipGoldenTest);"
                + " photo: path under data/faces@sha256 of the RGB bytes\n");
    for (int i = 0; i < images.size(); i++) {
      String[] source = sources.get(i).split(" ");
      fixture.append(source[0]).append(' ').append(source[1]).append(' ');
      fixture.append(sha256(Files.readAllBytes(work.resolve(i + ".rgb.chip"))));
      for (int v : landmarks.get(i)) {
        fixture.append(' ').append(v);
      }
      fixture.append('\n');
    }
    Path out = Path.of("src/test/resources" + FIXTURE);
    Files.createDirectories(out.getParent());
    Files.writeString(out, fixture);
    System.out.println("wrote " + out.toAbsolutePath());
  }

  private static int[] round(float[] points) {
    int[] rounded = new int[points.length];
    for (int i = 0; i < points.length; i++) {
      rounded[i] = Math.round(points[i]);
    }
    return rounded;
  }
}
