package dev.facesearch.server.core;

/** The input needs a capability this server does not have (such as the image pipeline). */
public final class UnsupportedInputException extends FaceSearchException {
  public UnsupportedInputException(String message) {
    super(message);
  }
}
