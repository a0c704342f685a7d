package dev.facesearch.bench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facesearch.bench.load.CpuMeter;
import dev.facesearch.bench.load.LatencySamples;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineTargetsTest {
  private static final String LFW = "lfw";

  @Test
  void ports_withinEveryLimit_passes() {
    PipelineTargets targets = new PipelineTargets();
    targets.ports(java(9.9, 30, 999), timed(20));
    assertEquals(3, targets.checked());
    assertEquals(0, targets.missed());
  }

  @Test
  void ports_overEachLimit_misses() {
    PipelineTargets targets = new PipelineTargets();
    // 10.1 ms at upsample 0, 41 ms against dlib's 20 (2.05x), 1,001 µs per face.
    targets.ports(java(10.1, 41, 1001), timed(20));
    assertEquals(3, targets.checked());
    assertEquals(3, targets.missed());
  }

  @Test
  void ports_dlibSkipped_ratioNotMeasured() {
    PipelineTargets targets = new PipelineTargets();
    targets.ports(java(5, 30, 500), new DlibNativeTiming.Skipped("no g++"));
    assertEquals(2, targets.checked());
    assertTrue(targets.toString().contains("NOT MEASURED"), targets.toString());
    assertTrue(targets.toString().contains("no g++"), targets.toString());
  }

  @Test
  void pipeline_dlibPathsMeanOnOneCaller() {
    List<PipelineBench.Measurement> runs =
        List.of(
            measurement(PipelineConfiguration.DLIB_PATH, 2, 60),
            measurement(PipelineConfiguration.OLD_DEFAULT, 1, 10),
            measurement(PipelineConfiguration.DLIB_PATH, 1, 24.9));
    PipelineTargets pass = new PipelineTargets();
    pass.pipeline(runs, LFW);
    assertEquals(1, pass.checked());
    assertEquals(0, pass.missed());
    PipelineTargets miss = new PipelineTargets();
    miss.pipeline(List.of(measurement(PipelineConfiguration.DLIB_PATH, 1, 25.1)), LFW);
    assertEquals(1, miss.missed());
    PipelineTargets absent = new PipelineTargets();
    absent.pipeline(List.of(measurement(PipelineConfiguration.OLD_DEFAULT, 1, 10)), LFW);
    assertEquals(0, absent.checked());
  }

  @Test
  void enroll_atTheLimit_passes() {
    PipelineTargets targets = new PipelineTargets();
    targets.enroll(LFW, 60, "10 per call, 2 clients");
    targets.enroll(LFW, 59.9, "1 per call, 2 clients");
    assertEquals(2, targets.checked());
    assertEquals(1, targets.missed());
  }

  private static DlibNativeTiming.SetTiming java(double up0, double up1, double shape) {
    return new DlibNativeTiming.SetTiming(LFW, 100, 1.0, up0, up1, shape);
  }

  private static DlibNativeTiming.Timed timed(double up1) {
    return new DlibNativeTiming.Timed(
        "test", List.of(new DlibNativeTiming.SetTiming(LFW, 100, 1.0, 5, up1, 900)));
  }

  private static PipelineBench.Measurement measurement(
      PipelineConfiguration configuration, int callers, double meanMillis) {
    return new PipelineBench.Measurement(
        LFW,
        configuration,
        configuration.equals(PipelineConfiguration.DLIB_PATH),
        callers,
        100,
        100,
        0,
        10,
        new LatencySamples.Latency(100, meanMillis, meanMillis, meanMillis, meanMillis, meanMillis),
        new CpuMeter.Usage(1, 1),
        List.of());
  }
}
