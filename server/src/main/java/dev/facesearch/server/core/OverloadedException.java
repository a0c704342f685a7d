package dev.facesearch.server.core;

/** The server is at capacity and refused the work without starting it; retry with backoff. */
public final class OverloadedException extends FaceSearchException {
  public OverloadedException(String message) {
    super(message);
  }
}
