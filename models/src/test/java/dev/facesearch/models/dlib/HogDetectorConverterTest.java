package dev.facesearch.models.dlib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The converter on dlib's real frontal face detector (when its serialized bytes are on this
 * machine) and on synthetic detectors written in dlib's format.
 *
 * <p>{@code -Dfacesearch.dlib.hogSerialized=...} names the serialized detector (default {@code
 * /tmp/dlibpkg/frontal_face_detector.ser}); with {@code -Dfacesearch.dlib.writeTo=<folder>} the
 * real-detector test also writes the compact file there as {@code dlib_hog_frontal_face.bin}.
 */
class HogDetectorConverterTest {
  private static final int CELLS = 10;
  private static final int PLANES = 31;
  private static final int DIMS = CELLS * CELLS * PLANES;

  @Test
  void convert_frontalFaceDetector_fiveSeparableFiltersThatRebuildTheWeights() throws IOException {
    Path source =
        Path.of(
            System.getProperty(
                "facesearch.dlib.hogSerialized", "/tmp/dlibpkg/frontal_face_detector.ser"));
    assumeTrue(
        Files.isRegularFile(source),
        "no serialized dlib frontal face detector at "
            + source
            + " (set -Dfacesearch.dlib.hogSerialized)");
    byte[] serialized = Files.readAllBytes(source);
    byte[] compact = HogDetectorConverter.convert(serialized);
    SerializedHogDetector parsed = SerializedHogDetector.parse(serialized);
    assertEquals(5, parsed.weights().size());
    assertEquals(0, parsed.padding());
    assertEquals(9.0, parsed.nuclearNormStrength());

    Compact c = Compact.read(compact);
    assertEquals(10, c.width);
    assertEquals(10, c.height);
    assertEquals(1000, c.maxLevels);
    assertEquals(parsed.iouThreshold(), c.iou);
    assertEquals(parsed.percentCoveredThreshold(), c.covered);
    for (int f = 0; f < 5; f++) {
      double[] w = parsed.weights().get(f);
      assertEquals(w[DIMS], c.thresholds.get(f));
      int terms = c.terms.get(f).size();
      // dlib keeps 54 to 66 rank-1 terms per filter; above 103 it would convolve whole filters.
      assertTrue(terms >= 31 && terms <= 103, "filter " + f + ": " + terms + " terms");
      assertRebuilds(w, c.terms.get(f), 2e-3);
    }
    String writeTo = System.getProperty("facesearch.dlib.writeTo");
    if (writeTo != null && !writeTo.isBlank()) {
      Path out = Path.of(writeTo).resolve("dlib_hog_frontal_face.bin");
      Files.createDirectories(out.getParent());
      Files.write(out, compact);
      System.out.println("wrote " + out + " (" + compact.length + " bytes)");
    }
  }

  @Test
  void convert_detectorFromDlibsHeader_isTheSameAsFromTheSerializedBytes() throws IOException {
    // The set-up path: the detector read out of dlib's own header by FrontalFaceDetectorHeader.
    Path header =
        Path.of(
            System.getProperty(
                "facesearch.dlib.header",
                "/tmp/dlibpkg/dev/usr/include/dlib/image_processing/frontal_face_detector.h"));
    assumeTrue(Files.isRegularFile(header), "no dlib header at " + header);
    byte[] fromHeader =
        HogDetectorConverter.convert(FrontalFaceDetectorHeader.serializedDetector(header));
    Path serialized =
        Path.of(
            System.getProperty(
                "facesearch.dlib.hogSerialized", "/tmp/dlibpkg/frontal_face_detector.ser"));
    assumeTrue(Files.isRegularFile(serialized), "no serialized detector at " + serialized);
    assertArrayEquals(fromHeader, HogDetectorConverter.convert(Files.readAllBytes(serialized)));
  }

  @Test
  void convert_rankOneAndRankTwoPlanes_givesThatManyExactTerms() {
    Random random = new Random(42);
    double[] w = new double[DIMS + 1];
    int[] ranks = new int[PLANES];
    for (int p = 0; p < PLANES; p++) {
      ranks[p] = p % 3; // 0, 1 or 2 terms
      for (int k = 0; k < ranks[p]; k++) {
        double[] x = random.doubles(CELLS, -1, 1).toArray();
        double[] y = random.doubles(CELLS, -1, 1).toArray();
        for (int r = 0; r < CELLS; r++) {
          for (int col = 0; col < CELLS; col++) {
            w[p * 100 + r * CELLS + col] += x[r] * y[col];
          }
        }
      }
    }
    w[DIMS] = -0.25;
    List<double[]> weights = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      weights.add(w);
    }
    Compact c = Compact.read(HogDetectorConverter.convert(detector(8, 80, DIMS, weights)));
    assertEquals(5, c.terms.size());
    List<Term> terms = c.terms.get(0);
    int[] perPlane = new int[PLANES];
    for (Term t : terms) {
      perPlane[t.plane]++;
    }
    assertArrayEquals(ranks, perPlane);
    assertEquals(-0.25, c.thresholds.get(0));
    assertRebuilds(w, terms, 1e-6);
  }

  @Test
  void convert_wrongShapes_areRefusedWithTheReason() {
    List<double[]> five = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      five.add(new double[DIMS + 1]);
    }
    assertMessage("cell size 6, expected 8", detector(6, 80, DIMS, five));
    assertMessage("detection window 64x64, expected 80x80", detector(8, 64, DIMS, five));
    assertMessage("4 filters, expected 5", detector(8, 80, DIMS, five.subList(0, 4)));
    List<double[]> short5 = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      short5.add(new double[DIMS]);
    }
    assertMessage("expected 3101x1", detector(8, 80, DIMS, short5));
    assertMessage(
        "3000 dimensions, expected 10x10x31 = 3100",
        detector(
            8,
            80,
            3000,
            List.of(
                new double[3001],
                new double[3001],
                new double[3001],
                new double[3001],
                new double[3001])));
  }

  @Test
  void convert_fullRankFilters_areRefusedAsDlibWouldNotSplitThem() {
    Random random = new Random(3);
    List<double[]> weights = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      weights.add(random.doubles(DIMS + 1, -1, 1).toArray());
    }
    assertMessage("so dlib would convolve it whole", detector(8, 80, DIMS, weights));
  }

  @Test
  void convert_truncatedOrPadded_isRefused() {
    List<double[]> five = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      five.add(new double[DIMS + 1]);
    }
    byte[] good = detector(8, 80, DIMS, five);
    HogDetectorConverter.convert(good);
    assertMessage("the model ends early", Arrays.copyOf(good, good.length - 1));
    assertMessage("unexpected bytes after the end", Arrays.copyOf(good, good.length + 1));
    byte[] version = good.clone();
    version[1] = 3;
    assertMessage("unsupported object_detector version 3", version);
  }

  @Test
  void filterCells_isDlibsWindowArithmetic() {
    assertEquals(10, HogDetectorConverter.filterCells(80, 8, 0));
    assertEquals(12, HogDetectorConverter.filterCells(80, 8, 1));
    // dlib's default scanner: a 64 pixel window with one cell of padding.
    assertEquals(10, HogDetectorConverter.filterCells(64, 8, 1));
  }

  /**
   * A version-2 {@code object_detector<scan_fhog_pyramid<...>>} as dlib serializes it, with the
   * frontal face detector's other settings.
   */
  private static byte[] detector(int cellSize, int window, long dims, List<double[]> weights) {
    DlibStreamWriter w = new DlibStreamWriter();
    w.integer(2).integer(1); // object_detector version, scanner version
    w.integer(0).integer(0); // the cached feature pyramid: max size, size
    w.integer(cellSize).integer(0).integer(window).integer(window);
    w.integer(1000).integer(64).integer(64);
    w.real(9).integer(dims);
    w.real(0.330082).real(0.788571);
    w.integer(weights.size());
    for (double[] v : weights) {
      w.integer(-v.length).integer(-1);
      for (double x : v) {
        w.real(x);
      }
    }
    return w.toByteArray();
  }

  private static void assertMessage(String expected, byte[] serialized) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> HogDetectorConverter.convert(serialized));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  /** The sum of each plane's column x row products is the plane's weight block. */
  private static void assertRebuilds(double[] w, List<Term> terms, double tolerance) {
    double[] rebuilt = new double[DIMS];
    for (Term t : terms) {
      for (int r = 0; r < CELLS; r++) {
        for (int col = 0; col < CELLS; col++) {
          rebuilt[t.plane * 100 + r * CELLS + col] += (double) t.column[r] * t.row[col];
        }
      }
    }
    for (int i = 0; i < DIMS; i++) {
      assertEquals(w[i], rebuilt[i], tolerance, "weight " + i);
    }
  }

  private record Term(int plane, float[] row, float[] column) {}

  /** The compact file read back independently of the converter's writer. */
  private static final class Compact {
    int width;
    int height;
    int maxLevels;
    double iou;
    double covered;
    final List<Double> thresholds = new ArrayList<>();
    final List<List<Term>> terms = new ArrayList<>();

    static Compact read(byte[] bytes) {
      ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      byte[] magic = new byte[8];
      in.get(magic);
      assertEquals(HogDetectorConverter.MAGIC, new String(magic, StandardCharsets.US_ASCII));
      assertEquals(HogDetectorConverter.FORMAT_VERSION, in.getInt());
      Compact c = new Compact();
      assertEquals(8, in.getInt());
      c.width = in.getInt();
      c.height = in.getInt();
      assertEquals(0, in.getInt());
      assertEquals(6, in.getInt());
      c.maxLevels = in.getInt();
      assertEquals(64, in.getInt());
      assertEquals(64, in.getInt());
      assertEquals(PLANES, in.getInt());
      c.iou = in.getDouble();
      c.covered = in.getDouble();
      assertEquals(9.0, in.getDouble());
      int filters = in.getInt();
      for (int f = 0; f < filters; f++) {
        c.thresholds.add(in.getDouble());
        int count = in.getInt();
        List<Term> list = new ArrayList<>();
        for (int t = 0; t < count; t++) {
          int plane = in.getInt();
          float[] row = new float[c.width];
          float[] column = new float[c.height];
          in.asFloatBuffer().get(row);
          in.position(in.position() + 4 * c.width);
          in.asFloatBuffer().get(column);
          in.position(in.position() + 4 * c.height);
          list.add(new Term(plane, row, column));
        }
        c.terms.add(list);
      }
      assertEquals(0, in.remaining());
      return c;
    }
  }
}
