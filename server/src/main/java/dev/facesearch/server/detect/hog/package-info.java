/**
 * dlib 19.24's HOG frontal face detector ({@code get_frontal_face_detector()}, an {@code
 * object_detector<scan_fhog_pyramid<pyramid_down<6>>>}) in Java, repeating dlib's arithmetic so
 * that the boxes, scores and filter indices are dlib's own.
 *
 * <p>{@link dev.facesearch.server.detect.hog.HogFaceDetector#detect} does what dlib's Python {@code
 * detector.run(image, upsample, adjust_threshold)} does:
 *
 * <ol>
 *   <li>Upsample {@code n} times with {@code pyramid_up} (bilinear, about 2x; {@code ImagePyramid},
 *       {@code BilinearResize}).
 *   <li>Scan a {@code pyramid_down<6>} pyramid: each level 5/6 of the one before, while at least
 *       64x64 pixels ({@code ImagePyramid}).
 *   <li>Per level, fHOG features: 31 planes of 8x8-pixel cells, 18 signed and 9 unsigned
 *       orientations and 4 texture energies ({@code OrientationHistograms}, {@code FhogExtractor}).
 *   <li>Per level and filter, the score image: each of the five 10x10-cell filters is a sum of
 *       rank-1 terms (split by the models module at set-up time, as dlib splits them when it loads
 *       a detector), each a row pass and a column pass over one plane ({@code
 *       SeparableFilterScan}); every window scoring at least the filter's threshold plus the
 *       adjustment is a candidate, its box mapped back to the image.
 *   <li>Each filter's candidates sorted best first, all of them concatenated and sorted again
 *       ({@code DescendingSort}, libstdc++'s unstable introsort repeated step for step so that ties
 *       come out as dlib's do), then greedy non-max suppression with dlib's {@code
 *       test_box_overlap} ({@code OverlapSuppression}); boxes mapped back down the upsampling.
 * </ol>
 *
 * <p>Exactness: float where dlib uses float, double where it uses double, the same operation order
 * (no fused multiply-adds), and dlib's rounding. Where dlib's own SIMD code and its scalar code
 * compute differently (fHOG's votes and channel choice, the filters' sums, the resize's rounding),
 * each pixel or column is computed the way dlib computes it, which depends on where dlib's 8-wide
 * loops stop. The reference is dlib built for baseline x86-64 (SSE2, as Debian's package and a
 * plain {@code g++ -O2} build are): dlib built with SSE4.1 or AVX sums the four block terms of an
 * fHOG feature in another order, so its scores can differ in the last bits.
 *
 * <p>Speed: those loops run on the JDK's Vector API ({@code VectorKernel}) when the JVM has {@code
 * --add-modules jdk.incubator.vector}, one lane per pixel or column, with the same results as the
 * plain loops ({@code ScalarKernel}) used without it.
 */
package dev.facesearch.server.detect.hog;
