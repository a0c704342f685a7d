package dev.facesearch.server.pipeline;

import java.util.List;

/**
 * Per-stage latency of the image pipeline (decode, detect, landmarks, align, embed) and its cache
 * hits: what the bench module reports, and later the metrics endpoint.
 */
public final class PipelineStats {
  final StageStats decode = new StageStats("decode");
  final StageStats detect = new StageStats("detect");
  final StageStats landmarks = new StageStats("landmarks");
  final StageStats align = new StageStats("align");
  final StageStats embed = new StageStats("embed");

  /** The live recorders of every stage, in pipeline order: the metrics read them at each scrape. */
  public List<StageStats> recorders() {
    return List.of(decode, detect, landmarks, align, embed);
  }

  /** Every stage's latency so far, in pipeline order. */
  public List<StageStats.Snapshot> stages() {
    return List.of(
        decode.snapshot(),
        detect.snapshot(),
        landmarks.snapshot(),
        align.snapshot(),
        embed.snapshot());
  }
}
