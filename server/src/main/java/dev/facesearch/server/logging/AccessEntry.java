package dev.facesearch.server.logging;

/**
 * What the access log says about one call: never a payload, only its shape. Carried as the single
 * parameter of the access log record, so that the JSON format can give each its own field.
 *
 * @param requestId the call's request id
 * @param method the method, without the service name
 * @param code the status code name (OK, NOT_FOUND, ...)
 * @param durationMillis from the call's start to its status
 * @param peer the caller's address, or "unknown"
 */
public record AccessEntry(
    String requestId, String method, String code, double durationMillis, String peer) {

  /** The access log line for people. */
  public String message() {
    return String.format(
        java.util.Locale.ROOT,
        "%s %s %.1f ms peer=%s request_id=%s",
        method,
        code,
        durationMillis,
        peer,
        requestId);
  }
}
