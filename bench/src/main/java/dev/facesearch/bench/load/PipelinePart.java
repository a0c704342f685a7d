package dev.facesearch.bench.load;

import dev.facesearch.bench.pipeline.BenchPhotos;
import dev.facesearch.bench.pipeline.DlibComparison;
import dev.facesearch.bench.pipeline.DlibNativeTiming;
import dev.facesearch.bench.pipeline.DlibPortTiming;
import dev.facesearch.bench.pipeline.PipelineBench;
import dev.facesearch.bench.pipeline.PipelineConfiguration;
import dev.facesearch.bench.pipeline.PipelineTargets;
import dev.facesearch.bench.pipeline.ProjectFiles;
import dev.facesearch.server.config.ServerSettings;
import dev.facesearch.server.image.ImageDecoder;
import dev.facesearch.server.model.ModelRegistry;
import dev.facesearch.server.pipeline.FaceModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The load harness's {@code pipeline} part: every configuration of the plan on the LFW and 640x480
 * photos ({@link PipelineBench}), then dlib's HOG detector and shape predictor timed alone, the
 * Java ports ({@link DlibPortTiming}) beside dlib's own C++ ({@link DlibNativeTiming}), then the
 * pipeline's targets from those figures.
 */
final class PipelinePart {
  private static final List<Integer> CALLERS = List.of(1, 2);

  private PipelinePart() {}

  /** Runs the part, prints its tables, and checks its targets into {@code targets}. */
  static void run(LoadBench.Plan plan, Path faces, Report report, PipelineTargets targets)
      throws Exception {
    BenchPhotos.PhotoSet lfw = BenchPhotos.lfw(faces);
    List<BenchPhotos.PhotoSet> sets = List.of(lfw, BenchPhotos.vga(faces));
    ServerSettings defaults = ServerSettings.defaults();
    ImageDecoder decoder = new ImageDecoder(defaults.maxImageBytes(), defaults.maxImagePixels());
    List<PipelineBench.Measurement> all = new ArrayList<>();
    try (ModelRegistry registry =
            ModelRegistry.open(ProjectFiles.modelsDir(), defaults.intraOpThreads());
        FaceModels models = new FaceModels(registry, defaults.predictorsPerModel())) {
      boolean dlibBuilt =
          registry.entry(FaceModels.DLIB_HOG).isPresent()
              && registry.entry(FaceModels.DLIB_SHAPE_PREDICTOR).isPresent();
      PipelineBench bench = new PipelineBench(models, decoder);
      List<PipelineConfiguration> skipped = new ArrayList<>();
      for (PipelineConfiguration configuration : plan.configurations()) {
        if (configuration.needsDlib() && !dlibBuilt) {
          skipped.add(configuration);
          continue;
        }
        for (BenchPhotos.PhotoSet set : sets) {
          report.progress(
              "pipeline: "
                  + set.name()
                  + ", "
                  + configuration.detectorName()
                  + " + "
                  + configuration.landmarksName());
          all.addAll(
              bench.run(
                  set, configuration, plan.pipelineWarmup(), plan.pipelineMeasure(), CALLERS));
        }
      }
      report.table(
          String.format(
              Locale.ROOT,
              "## Pipeline: per-stage latency in ms, mean (p99), and images/s; %s configurations;"
                  + " resnet128 embeddings, intra-op threads %d, predictors per model %d",
              plan.configurations().size() == PipelineConfiguration.all().size()
                  ? "all"
                  : "the quick plan's",
              defaults.intraOpThreads(),
              defaults.predictorsPerModel()),
          PipelineBench.stageTable(all));
      report.line(notes(bench, skipped));
      if (dlibBuilt) {
        ports(plan, sets, decoder, registry, report, targets);
      } else {
        report.line("dlib's models are not built: no timing of the HOG detector and predictor.");
        targets.notMeasured("HOG and shape predictor targets", "dlib's models are not built");
      }
      targets.pipeline(all, lfw.name());
    }
  }

  private static String notes(PipelineBench bench, List<PipelineConfiguration> skipped) {
    StringBuilder notes = new StringBuilder();
    notes.append(
        "(default): the server's defaults, what a request without detection settings gets ("
            + PipelineConfiguration.describe(bench.defaults())
            + "). \"fallback\": images whose faces SSD found where HOG found none (every HOG row"
            + " lets SSD look again, as the server does; its time is in \"detect\"). dlib 68 on"
            + " another detector's box first lets HOG redraw the box in a crop around the face"
            + " (in \"landmarks\"). A stage's mean is over the images that reached it (landmarks,"
            + " align and embed only run on images with a face); p99 is a histogram bucket's"
            + " upper bound (within 25%). \"whole\" is decode to embedding per image.");
    if (!skipped.isEmpty()) {
      notes.append(
          " Skipped, dlib's models not built: "
              + skipped.stream()
                  .map(c -> c.detectorName() + " + " + c.landmarksName())
                  .collect(Collectors.joining(", "))
              + ".");
    }
    return notes.toString();
  }

  /** The Java ports beside dlib's C++, one thread, per-photo medians; and their targets. */
  private static void ports(
      LoadBench.Plan plan,
      List<BenchPhotos.PhotoSet> sets,
      ImageDecoder decoder,
      ModelRegistry registry,
      Report report,
      PipelineTargets targets)
      throws Exception {
    report.progress("HOG detector and shape predictor alone: the Java ports");
    DlibPortTiming ports = DlibPortTiming.read(registry);
    List<DlibNativeTiming.SetTiming> java =
        ports.measure(sets, decoder, plan.dlibRounds(), plan.pipelineWarmup());
    report.progress("HOG detector and shape predictor alone: dlib's own C++");
    DlibNativeTiming.Outcome dlib =
        DlibNativeTiming.forProject().measure(sets, decoder, plan.dlibRounds());
    report.table(
        String.format(
            Locale.ROOT,
            "## dlib's HOG detector and shape predictor alone: Java beside dlib's own C++, one"
                + " thread, median over photos of per-photo medians of %d rounds",
            plan.dlibRounds()),
        DlibComparison.table(java, dlib));
    String build =
        switch (dlib) {
          case DlibNativeTiming.Timed t -> "dlib: " + t.build() + ".";
          case DlibNativeTiming.Skipped s -> s.note() + ".";
        };
    report.line(
        "Both decode each photo first (untimed) and run the detector with dlib's threshold and no"
            + " SSD fallback, at upsample 1 the doubling included; the shape predictor runs on"
            + " each face HOG found at upsample 1. Java: HOG filters "
            + (ports.vectorized() ? "on the Vector API" : "in plain loops")
            + ", after a warm-up of "
            + plan.pipelineWarmup().toSeconds()
            + " s on the photos. "
            + build);
    targets.ports(java.getFirst(), dlib);
  }
}
