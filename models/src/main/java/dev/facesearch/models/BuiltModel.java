package dev.facesearch.models;

import dev.facesearch.models.onnx.proto.ModelProto;

/**
 * An ONNX model made by a converter, with its card for the manifest.
 *
 * @param name the model's name, also its file name without ".onnx"
 * @param model the ONNX model
 * @param card what the manifest says about it
 */
public record BuiltModel(String name, ModelProto model, ModelCard card) {
  /** The ONNX file to write. */
  public ModelFile file() {
    return new ModelFile(name, name + ".onnx", model.toByteArray(), card);
  }
}
