package dev.facesearch.server.core;

/** The request holds a value that is not valid; nothing was written. */
public final class InvalidInputException extends FaceSearchException {
  public InvalidInputException(String message) {
    super(message);
  }
}
