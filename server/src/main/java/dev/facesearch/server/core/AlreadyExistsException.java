package dev.facesearch.server.core;

/** The collection to create exists already. */
public final class AlreadyExistsException extends FaceSearchException {
  public AlreadyExistsException(String message) {
    super(message);
  }
}
