package dev.facesearch.server.testing;

import dev.facesearch.server.image.RgbImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * dlib 19.24's own detections and landmarks on {@link HardCases}: the golden reference for the
 * server's HOG detector and shape predictor.
 *
 * <p>The fixture {@code dlib/dlib-faces.txt.gz} holds, per case, the SHA-256 of its RGB pixels (so
 * a different JPEG decoder shows as a different input, not as a wrong detector), dlib's detections
 * at upsampling 0 and 1 (as dlib's Python API upsamples: {@code pyramid_up}, detect, {@code
 * rect_down}) and, for every detection at upsampling 1 (the pipeline's), the shape predictor's 68
 * unrounded positions to 0.01 pixel (dlib's program prints four decimals; two keep the fixture
 * small). {@code src/test/dlib/make-dlib-faces.sh} remakes it with dlib compiled from Debian's
 * libdlib-dev.
 */
public final class DlibReference {
  private DlibReference() {}

  public static final String FIXTURE = "/dlib/dlib-faces.txt.gz";

  /**
   * One of dlib's detections and the landmarks dlib's shape predictor finds in its box.
   *
   * @param upsample how many times the image was doubled before detection (0 or 1)
   * @param left the box's left column, inclusive
   * @param top its top row, inclusive
   * @param right its right column, inclusive
   * @param bottom its bottom row, inclusive
   * @param score the detection confidence
   * @param filter which of the detector's filters found it
   * @param landmarks 136 values x0, y0, ..., x67, y67 before dlib rounds them to whole pixels (to
   *     0.01 pixel); null at upsampling 0, whose boxes the fixture keeps without landmarks
   */
  public record Face(
      int upsample,
      int left,
      int top,
      int right,
      int bottom,
      double score,
      int filter,
      float[] landmarks) {}

  /**
   * A case and what dlib found in it.
   *
   * @param source the photo and its copy
   * @param width the image's width
   * @param height its height
   * @param sha256 SHA-256 of its RGB bytes
   * @param faces dlib's detections in its order, upsampling 0 first
   */
  public record Entry(
      HardCases.Case source, int width, int height, String sha256, List<Face> faces) {
    /** The detections at one upsampling, in dlib's order. */
    public List<Face> faces(int upsample) {
      return faces.stream().filter(f -> f.upsample() == upsample).toList();
    }

    /** The case's image, or null when this machine decodes the photo to other pixels. */
    public RgbImage imageIfSame() {
      RgbImage image = source.image();
      return DlibReference.sha256(image.pixels()).equals(sha256) ? image : null;
    }
  }

  /** Every case of the fixture. */
  public static List<Entry> load() {
    try (InputStream raw = DlibReference.class.getResourceAsStream(FIXTURE)) {
      if (raw == null) {
        throw new IllegalStateException("missing test resource " + FIXTURE);
      }
      return parse(new GZIPInputStream(raw));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Entry> parse(InputStream in) throws IOException {
    List<Entry> entries = new ArrayList<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    HardCases.Case source = null;
    int width = 0;
    int height = 0;
    String sha256 = null;
    List<Face> faces = new ArrayList<>();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.trim().split(" ");
      switch (f[0]) {
        case "case" -> {
          source = new HardCases.Case(f[1], HardCases.Variant.of(f[2]));
          width = Integer.parseInt(f[3]);
          height = Integer.parseInt(f[4]);
          sha256 = f[5];
          faces = new ArrayList<>();
        }
        case "box" ->
            faces.add(
                new Face(
                    Integer.parseInt(f[1]),
                    Integer.parseInt(f[2]),
                    Integer.parseInt(f[3]),
                    Integer.parseInt(f[4]),
                    Integer.parseInt(f[5]),
                    Double.parseDouble(f[6]),
                    Integer.parseInt(f[7]),
                    null));
        case "shape" -> {
          int upsample = Integer.parseInt(f[1]);
          List<Face> atLevel = faces.stream().filter(face -> face.upsample() == upsample).toList();
          Face box = atLevel.get(Integer.parseInt(f[2]));
          float[] landmarks = new float[136];
          for (int i = 0; i < 136; i++) {
            landmarks[i] = Float.parseFloat(f[3 + i]);
          }
          faces.set(
              faces.indexOf(box),
              new Face(
                  box.upsample(),
                  box.left(),
                  box.top(),
                  box.right(),
                  box.bottom(),
                  box.score(),
                  box.filter(),
                  landmarks));
        }
        case "end" -> {
          if (faces.stream().anyMatch(face -> face.upsample() == 1 && face.landmarks() == null)) {
            throw new IOException("a box without landmarks in " + source);
          }
          entries.add(new Entry(source, width, height, sha256, List.copyOf(faces)));
        }
        default -> throw new IOException("unknown fixture line: " + line);
      }
    }
    return entries;
  }

  /**
   * Runs dlib's program ({@code src/test/dlib/dlib_faces.cpp}) on every case of {@link
   * HardCases#all()} and writes the fixture.
   *
   * @param program the compiled program
   * @param shapePredictor dlib's {@code shape_predictor_68_face_landmarks.dat}
   * @param fixture where to write
   */
  public static void remake(Path program, Path shapePredictor, Path fixture)
      throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("dlib-faces");
    List<HardCases.Case> cases = HardCases.all();
    StringBuilder input = new StringBuilder();
    List<RgbImage> images = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      RgbImage image = cases.get(i).image();
      images.add(image);
      Path rgb = work.resolve(i + ".rgb");
      Files.write(rgb, image.pixels());
      input.append(rgb).append(' ').append(image.width()).append(' ').append(image.height());
      input.append('\n');
    }
    Process dlib =
        new ProcessBuilder(program.toString(), shapePredictor.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (OutputStream stdin = dlib.getOutputStream()) {
      stdin.write(input.toString().getBytes(StandardCharsets.UTF_8));
    }
    List<String> output;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(dlib.getInputStream(), StandardCharsets.UTF_8))) {
      output = out.lines().toList();
    }
    if (dlib.waitFor() != 0) {
      throw new IOException(program + " failed");
    }
    Files.createDirectories(fixture.getParent());
    try (Writer writer =
        new OutputStreamWriter(
            new GZIPOutputStream(Files.newOutputStream(fixture)), StandardCharsets.UTF_8)) {
      writer.write(
          "# dlib 19.24 (Debian libdlib-dev and libdlib-data): get_frontal_face_detector() at"
              + " upsampling 0 and 1, and shape_predictor_68_face_landmarks.dat on each box\n"
              + "# case <photo under data/faces> <copy> <width> <height> <sha256 of RGB bytes>\n"
              + "# box <upsample> <left> <top> <right> <bottom> <confidence> <filter>\n"
              + "# shape <upsample> <box> x0 y0 ... x67 y67 (unrounded, to 0.01 pixel)\n");
      int next = 0;
      boolean open = false;
      for (String line : output) {
        if (!open) {
          if (next == cases.size()) {
            throw new IOException("dlib answered more cases than it was given");
          }
          RgbImage image = images.get(next);
          writer.write(
              String.join(
                      " ",
                      "case",
                      cases.get(next).photo(),
                      cases.get(next).variant().label(),
                      Integer.toString(image.width()),
                      Integer.toString(image.height()),
                      sha256(image.pixels()))
                  + "\n");
          open = true;
        }
        if (line.startsWith("shape ")) {
          line = shorter(line);
        }
        if (line != null) {
          writer.write(line + "\n");
        }
        if ("end".equals(line)) {
          next++;
          open = false;
        }
      }
      if (next != cases.size() || open) {
        throw new IOException("dlib answered " + next + " of " + cases.size() + " cases");
      }
    }
  }

  /** A shape line at upsampling 1 with two decimals; null for other upsamplings. */
  private static String shorter(String line) {
    String[] f = line.split(" ");
    if (!f[1].equals("1")) {
      return null;
    }
    StringBuilder out = new StringBuilder(f[0]).append(' ').append(f[1]).append(' ').append(f[2]);
    for (int i = 3; i < f.length; i++) {
      out.append(' ').append(String.format(Locale.ROOT, "%.2f", Double.parseDouble(f[i])));
    }
    return out.toString();
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
