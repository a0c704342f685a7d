/**
 * The OpenFace nn4.small2.v1 converter: the user's copy of the weights (a Keras-OpenFace CSV
 * folder, read by {@link dev.facesearch.models.openface.KerasCsvWeights}, or the Torch7 {@code
 * nn4.small2.v1.t7}, read by {@link dev.facesearch.models.openface.Torch7Reader} and {@link
 * dev.facesearch.models.openface.Torch7Weights}) become {@link
 * dev.facesearch.models.openface.OpenFaceWeights}, checked against the layer table {@link
 * dev.facesearch.models.openface.OpenFaceLayers}; {@link
 * dev.facesearch.models.openface.OpenFaceGraph} then writes the ONNX graph with Torch's layer
 * semantics ({@link dev.facesearch.models.openface.TorchLayers}).
 */
package dev.facesearch.models.openface;
