package dev.facesearch.bench.pipeline;

import dev.facesearch.bench.MarkdownTable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The targets for dlib's pipeline in Java, each checked on figures of the same run and
 * printed as a PASS/MISS table: HOG detection, HOG against dlib's own time, the shape predictor,
 * the whole dlib path per LFW photo, and bulk enroll by image. A target whose figures the run did
 * not have is listed as not measured, with why.
 */
public final class PipelineTargets {
  /** HOG detection at upsampling 0 on a 250x250 photo, one thread. */
  public static final double HOG_MILLIS = 10;

  /** HOG at upsampling 1 against dlib's own C++ on the same photos. */
  public static final double HOG_UPSAMPLED_RATIO = 2;

  /** The shape predictor per face. */
  public static final double SHAPE_MICROS = 1_000;

  /** The whole pipeline of dlib's path per LFW photo, one caller. */
  public static final double PIPELINE_MILLIS = 25;

  /** Enroll by image of LFW photos through the server, on the machine's 2 cores. */
  public static final double ENROLL_IMAGES_PER_SECOND = 60;

  private final MarkdownTable table =
      new MarkdownTable("target", "photos", "measured", "limit", "result");
  private int checked;
  private int missed;

  /** The targets on the Java ports' timing and dlib's, for the LFW set (250x250). */
  public void ports(DlibNativeTiming.SetTiming java, DlibNativeTiming.Outcome dlib) {
    atMost(
        "HOG detection, upsample 0 (median ms per photo, 1 thread)",
        java.photos(),
        MarkdownTable.fixed(java.detectMillisUpsample0(), 2) + " ms",
        java.detectMillisUpsample0(),
        HOG_MILLIS,
        " ms");
    switch (dlib) {
      case DlibNativeTiming.Timed timed -> {
        DlibNativeTiming.SetTiming d = timed.of(java.photos());
        double ratio = java.detectMillisUpsample1() / d.detectMillisUpsample1();
        atMost(
            "HOG detection, upsample 1, Java / dlib's C++",
            java.photos(),
            String.format(
                Locale.ROOT,
                "%.2f / %.2f ms = %.2fx",
                java.detectMillisUpsample1(),
                d.detectMillisUpsample1(),
                ratio),
            ratio,
            HOG_UPSAMPLED_RATIO,
            "x");
      }
      case DlibNativeTiming.Skipped skipped ->
          notMeasured("HOG detection, upsample 1, Java / dlib's C++", skipped.note());
    }
    atMost(
        "shape predictor (median µs per face, 1 thread)",
        java.photos(),
        MarkdownTable.fixed(java.shapeMicrosPerFace(), 0) + " µs",
        java.shapeMicrosPerFace(),
        SHAPE_MICROS,
        " µs");
  }

  /**
   * The whole pipeline as the server runs it by default (dlib's path), one caller, mean ms per
   * photo of the set; not measured when the run did not run the defaults.
   */
  public void pipeline(List<PipelineBench.Measurement> measurements, String photos) {
    Optional<PipelineBench.Measurement> one =
        measurements.stream()
            .filter(m -> m.photos().equals(photos) && m.callers() == 1 && m.isDefault())
            .findFirst();
    if (one.isEmpty()) {
      notMeasured(
          "whole pipeline, server defaults, 1 caller (mean ms per photo)",
          "the defaults were not run on " + photos);
      return;
    }
    PipelineBench.Measurement m = one.get();
    String name =
        "whole pipeline, server defaults ("
            + m.configuration().detectorName()
            + ", "
            + m.configuration().landmarksName()
            + "), 1 caller (mean ms per photo)";
    atMost(
        name,
        photos,
        String.format(
            Locale.ROOT,
            "%.1f ms (p50 %.1f, p99 %.1f; %.1f img/s)",
            m.latency().meanMillis(),
            m.latency().p50Millis(),
            m.latency().p99Millis(),
            m.imagesPerSecond()),
        m.latency().meanMillis(),
        PIPELINE_MILLIS,
        " ms");
  }

  /** Bulk enroll by image: the best images/s of the run's Enroll-by-image rows. */
  public void enroll(String photos, double imagesPerSecond, String where) {
    String name = "bulk Enroll by image, 2 cores (images/s, best row)";
    boolean pass = imagesPerSecond >= ENROLL_IMAGES_PER_SECOND;
    add(
        name,
        photos,
        MarkdownTable.number(imagesPerSecond) + " img/s (" + where + ")",
        ">= " + MarkdownTable.number(ENROLL_IMAGES_PER_SECOND) + " img/s",
        pass ? "PASS" : "MISS");
  }

  /** A target the run has no figures for. */
  public void notMeasured(String target, String why) {
    table.row(target, "-", why, "-", "NOT MEASURED");
  }

  private void atMost(
      String name, String photos, String measured, double value, double limit, String unit) {
    boolean pass = value <= limit;
    add(
        name,
        photos,
        measured,
        "<= " + MarkdownTable.number(limit) + unit,
        Double.isNaN(value) ? "NOT MEASURED" : pass ? "PASS" : "MISS");
  }

  private void add(String name, String photos, String measured, String limit, String result) {
    if (!result.equals("NOT MEASURED")) {
      checked++;
      if (result.equals("MISS")) {
        missed++;
      }
    }
    table.row(name, photos, measured, limit, result);
  }

  /** Targets checked against a figure (not those not measured). */
  public int checked() {
    return checked;
  }

  /** Checked targets missed. */
  public int missed() {
    return missed;
  }

  /** The table and a line with the counts. */
  @Override
  public String toString() {
    return table + String.format(Locale.ROOT, "%n%d checked, %d missed.%n", checked, missed);
  }
}
