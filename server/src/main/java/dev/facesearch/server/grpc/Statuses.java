package dev.facesearch.server.grpc;

import dev.facesearch.server.core.AlreadyExistsException;
import dev.facesearch.server.core.CancelledException;
import dev.facesearch.server.core.DeadlineExceededException;
import dev.facesearch.server.core.FailedPreconditionException;
import dev.facesearch.server.core.InvalidInputException;
import dev.facesearch.server.core.NotFoundException;
import dev.facesearch.server.core.OverloadedException;
import dev.facesearch.server.core.UnavailableException;
import io.grpc.Status;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Maps what a call threw to the status the caller sees: the one place where exceptions become gRPC
 * status codes. Anything unexpected is a bug: it is logged with its cause, and the caller gets
 * INTERNAL with a generic description.
 */
final class Statuses {
  private static final Logger logger = Logger.getLogger(Statuses.class.getName());

  private Statuses() {}

  static Status of(RuntimeException thrown, String method) {
    return switch (thrown) {
      case InvalidInputException e -> Status.INVALID_ARGUMENT.withDescription(e.getMessage());
      case NotFoundException e -> Status.NOT_FOUND.withDescription(e.getMessage());
      case AlreadyExistsException e -> Status.ALREADY_EXISTS.withDescription(e.getMessage());
      case FailedPreconditionException e ->
          Status.FAILED_PRECONDITION.withDescription(e.getMessage());
      // The cause (a disk error, say) was logged where it happened.
      case UnavailableException e -> Status.UNAVAILABLE.withDescription(e.getMessage());
      case OverloadedException e -> Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage());
      case DeadlineExceededException e -> Status.DEADLINE_EXCEEDED.withDescription(e.getMessage());
      case CancelledException e -> Status.CANCELLED.withDescription(e.getMessage());
      default -> {
        logger.log(Level.SEVERE, method + " failed with an unexpected error", thrown);
        yield Status.INTERNAL.withDescription("internal error; the server log has the details");
      }
    };
  }
}
