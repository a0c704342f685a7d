package dev.facesearch.bench.pipeline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The lines {@code dlib_faces --time R} prints, one per photo ({@code time <file> <ms at upsample
 * 0> <ms at upsample 1> <faces at upsample 1> <us per face>}, each a median over R rounds), and
 * their medians over a photo set.
 */
final class DlibTimes {
  private DlibTimes() {}

  /**
   * One photo's medians over the rounds.
   *
   * @param file the photo's RGB file, as given to the program
   * @param upsample0Millis detection without upsampling
   * @param upsample1Millis detection at upsampling 1, the upsampling included
   * @param faces the faces found at upsampling 1
   * @param shapeMicrosPerFace the shape predictor per face found; 0 when none was
   */
  record Photo(
      String file,
      double upsample0Millis,
      double upsample1Millis,
      int faces,
      double shapeMicrosPerFace) {}

  /** Every photo's line of the program's output, in order. */
  static List<Photo> parse(String output) throws IOException {
    List<Photo> photos = new ArrayList<>();
    for (String line : output.lines().filter(l -> !l.isBlank()).toList()) {
      photos.add(parseLine(line));
    }
    return photos;
  }

  static Photo parseLine(String line) throws IOException {
    String[] f = line.strip().split(" +");
    if (f.length != 6 || !f[0].equals("time")) {
      throw new IOException("not a line of dlib_faces --time: " + line);
    }
    try {
      Photo photo =
          new Photo(
              f[1],
              Double.parseDouble(f[2]),
              Double.parseDouble(f[3]),
              Integer.parseInt(f[4]),
              Double.parseDouble(f[5]));
      double[] numbers = {photo.upsample0Millis, photo.upsample1Millis, photo.shapeMicrosPerFace};
      if (photo.faces < 0 || Arrays.stream(numbers).anyMatch(v -> !Double.isFinite(v) || v < 0)) {
        throw new IOException("a negative or non-finite figure from dlib_faces: " + line);
      }
      return photo;
    } catch (NumberFormatException e) {
      throw new IOException("not a number in dlib_faces's line: " + line, e);
    }
  }

  /** A set's medians over its photos; the shape predictor's over the photos with a face. */
  static DlibNativeTiming.SetTiming summarize(String photos, List<Photo> times) {
    if (times.isEmpty()) {
      throw new IllegalArgumentException("no photos timed for " + photos);
    }
    List<Photo> withFaces = times.stream().filter(t -> t.faces() > 0).toList();
    return new DlibNativeTiming.SetTiming(
        photos,
        times.size(),
        times.stream().mapToInt(Photo::faces).sum() / (double) times.size(),
        median(times.stream().mapToDouble(Photo::upsample0Millis).toArray()),
        median(times.stream().mapToDouble(Photo::upsample1Millis).toArray()),
        withFaces.isEmpty()
            ? Double.NaN
            : median(withFaces.stream().mapToDouble(Photo::shapeMicrosPerFace).toArray()));
  }

  /** The middle value; for an even count, the mean of the two middle ones. */
  static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int half = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
  }
}
