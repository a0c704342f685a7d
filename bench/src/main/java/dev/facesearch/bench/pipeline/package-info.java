/**
 * The image pipeline benchmark and what it needs: the photos it runs on, made in memory from the
 * shared photos, the configurations it measures, and where the harness finds its files.
 *
 * <p>{@link dev.facesearch.bench.pipeline.PipelineBench} runs the whole pipeline (decode, detect,
 * landmarks, align, embed) for one {@link dev.facesearch.bench.pipeline.PipelineConfiguration} (a
 * detector, with HOG's upsampling, and a landmark model) on a photo set, with 1 and 2 concurrent
 * callers, and reports each stage's latency.
 *
 * <p>Beside it, dlib's HOG detector and shape predictor are timed alone, twice, the same way: the
 * server's Java ports by {@link dev.facesearch.bench.pipeline.DlibPortTiming}, and dlib's own C++
 * by {@link dev.facesearch.bench.pipeline.DlibNativeTiming}, with the program the golden fixture
 * comes from ({@code server/src/test/dlib/dlib_faces.cpp}), built against an installed dlib or
 * Debian's package; when something it needs is missing it says what, for a note in place of the
 * figures. Both take per-photo medians over rounds on one thread and the median over the photos, so
 * {@link dev.facesearch.bench.pipeline.DlibComparison}'s ratios compare like with like. {@link
 * dev.facesearch.bench.pipeline.PipelineTargets} checks the targets on those figures.
 */
package dev.facesearch.bench.pipeline;
