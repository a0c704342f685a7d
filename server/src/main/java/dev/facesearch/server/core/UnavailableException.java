package dev.facesearch.server.core;

/** The server cannot serve the request now, for example after a failed disk write; retry later. */
public final class UnavailableException extends FaceSearchException {
  public UnavailableException(String message) {
    super(message);
  }

  public UnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
