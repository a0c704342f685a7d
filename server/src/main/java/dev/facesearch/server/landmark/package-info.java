/**
 * Face landmarks: 68 points per face, in two families.
 *
 * <p>{@link dev.facesearch.server.landmark.LandmarkDetector} runs face-api's FaceLandmark68Net (or
 * its tiny variant) through ONNX Runtime on face crops, batched.
 *
 * <p>{@link dev.facesearch.server.landmark.ShapePredictor} is dlib 19.24's shape predictor in pure
 * Java: Kazemi and Sullivan's ensemble of regression trees ("One millisecond face alignment with an
 * ensemble of regression trees", CVPR 2014) over a face box, read from the compact file the models
 * module converts dlib's {@code .dat} into ({@link
 * dev.facesearch.server.landmark.ShapePredictorModel}). It repeats dlib's arithmetic operation for
 * operation, float where dlib uses float and double where it uses double, including the parts that
 * look incidental but decide which pixel a feature reads: dlib's SVD ({@link
 * dev.facesearch.models.dlib.GolubReinschSvd}, shared with the HOG converter) inside its similarity
 * fit ({@link dev.facesearch.server.landmark.SimilarityTransform}) and its least-squares box map
 * ({@link dev.facesearch.server.landmark.BoxTransform}). Its unrounded positions come out bit for
 * bit as dlib's doubles, so its rounded points are dlib's.
 */
package dev.facesearch.server.landmark;
