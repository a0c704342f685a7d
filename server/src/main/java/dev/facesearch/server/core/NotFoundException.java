package dev.facesearch.server.core;

/** A named collection, subject or face does not exist. */
public final class NotFoundException extends FaceSearchException {
  public NotFoundException(String message) {
    super(message);
  }
}
