package dev.facesearch.models;

/**
 * A model file to write next to {@code models.json}, with its card.
 *
 * @param name the model's name in the manifest
 * @param file its file name
 * @param bytes its content
 * @param card what the manifest says about it
 */
public record ModelFile(String name, String file, byte[] bytes, ModelCard card) {}
