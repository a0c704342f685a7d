/**
 * Face alignment: from an image and a face's 68 landmarks to the square chip an embedding model
 * expects.
 *
 * <p>Each embedding model was trained on chips cut one particular way, and recognition accuracy
 * depends on matching that cut closely, so each {@link dev.facesearch.server.align.FaceAligner}
 * reproduces one published procedure rather than a generic crop:
 *
 * <ul>
 *   <li>{@link dev.facesearch.server.align.DlibChipAligner}: dlib's {@code get_face_chip_details}
 *       and {@code extract_image_chip}, a least-squares similarity onto dlib's mean face, 150x150
 *       with 25% padding, sampled through an image pyramid when the face is large; for dlib's
 *       ResNet (face-api's FaceRecognitionNet).
 *   <li>{@link dev.facesearch.server.align.OpenFaceAligner}: OpenFace's three-point affine map of
 *       the outer eye corners and nose tip, 96x96; for nn4.small2.v1.
 * </ul>
 */
package dev.facesearch.server.align;
