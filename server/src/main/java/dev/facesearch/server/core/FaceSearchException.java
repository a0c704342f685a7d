package dev.facesearch.server.core;

/**
 * A request the server refuses for a reason the caller can act on.
 *
 * <p>Each subclass names one kind of refusal; the gRPC layer maps each kind to one status code. The
 * message is one line meant for the caller, so it never holds image or embedding data.
 */
public abstract sealed class FaceSearchException extends RuntimeException
    permits InvalidInputException,
        NotFoundException,
        AlreadyExistsException,
        FailedPreconditionException,
        UnavailableException,
        OverloadedException,
        DeadlineExceededException,
        CancelledException {

  FaceSearchException(String message) {
    super(message);
  }

  FaceSearchException(String message, Throwable cause) {
    super(message, cause);
  }
}
