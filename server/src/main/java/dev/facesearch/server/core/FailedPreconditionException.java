package dev.facesearch.server.core;

/** The request is valid but the collection's state or settings refuse it. */
public final class FailedPreconditionException extends FaceSearchException {
  public FailedPreconditionException(String message) {
    super(message);
  }
}
