package dev.facesearch.server.core;

/** The caller went away; the rest of its work was not started. */
public final class CancelledException extends FaceSearchException {
  public CancelledException(String message) {
    super(message);
  }
}
