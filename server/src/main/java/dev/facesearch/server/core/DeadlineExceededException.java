package dev.facesearch.server.core;

/** The caller's deadline passed before the work was done; the rest of it was not started. */
public final class DeadlineExceededException extends FaceSearchException {
  public DeadlineExceededException(String message) {
    super(message);
  }
}
