package dev.facesearch.bench.pipeline;

import dev.facesearch.bench.MarkdownTable;
import java.util.List;

/**
 * The table of the Java ports' times beside dlib's own C++ times on the same photos, both measured
 * the same way ({@link DlibPortTiming}, {@link DlibNativeTiming}), with their ratio.
 */
public final class DlibComparison {
  private DlibComparison() {}

  /**
   * A row per photo set and figure: HOG at upsampling 0 and 1 (ms per photo), the shape predictor
   * (µs per face), and the faces found at upsampling 1, which should agree; dlib's column is "-"
   * when its timing was skipped.
   */
  public static MarkdownTable table(
      List<DlibNativeTiming.SetTiming> java, DlibNativeTiming.Outcome dlib) {
    MarkdownTable table = new MarkdownTable("photos", "figure", "Java", "dlib C++", "Java / dlib");
    for (DlibNativeTiming.SetTiming j : java) {
      DlibNativeTiming.SetTiming d =
          dlib instanceof DlibNativeTiming.Timed timed ? timed.of(j.photos()) : null;
      row(table, j.photos(), "HOG upsample 0, ms/photo", j.detectMillisUpsample0(), d, 0);
      row(table, j.photos(), "HOG upsample 1, ms/photo", j.detectMillisUpsample1(), d, 1);
      row(table, j.photos(), "shape predictor, µs/face", j.shapeMicrosPerFace(), d, 2);
      table.row(
          j.photos(),
          "faces/photo at upsample 1",
          MarkdownTable.fixed(j.facesPerImage(), 2),
          d == null ? "-" : MarkdownTable.fixed(d.facesPerImage(), 2),
          "");
    }
    return table;
  }

  private static void row(
      MarkdownTable table,
      String photos,
      String figure,
      double java,
      DlibNativeTiming.SetTiming dlib,
      int which) {
    double reference = dlib == null ? Double.NaN : figure(dlib, which);
    table.row(
        photos,
        figure,
        java,
        reference,
        Double.isNaN(reference) ? "-" : MarkdownTable.fixed(java / reference, 2) + "x");
  }

  /** One of the three timed figures of a set: 0 and 1 the detector's, 2 the predictor's. */
  static double figure(DlibNativeTiming.SetTiming timing, int which) {
    return switch (which) {
      case 0 -> timing.detectMillisUpsample0();
      case 1 -> timing.detectMillisUpsample1();
      case 2 -> timing.shapeMicrosPerFace();
      default -> throw new IllegalArgumentException("no figure " + which);
    };
  }
}
