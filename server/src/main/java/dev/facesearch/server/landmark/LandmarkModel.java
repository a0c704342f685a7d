package dev.facesearch.server.landmark;

/** The models that find a face's 68 landmarks (iBUG 300-W order). */
public enum LandmarkModel {
  /** face-api's FaceLandmark68Net, a CNN on the face crop (MIT licence). */
  FACE_API,
  /**
   * dlib's 68-point shape predictor, the landmarks dlib's ResNet descriptor was trained on; its
   * model was trained on iBUG 300-W, whose terms exclude commercial use.
   */
  DLIB
}
