package dev.facesearch.client.cli;

/** The exit statuses of the command line, documented in its help and the README. */
final class ExitCode {
  /** The command did what was asked. */
  static final int OK = 0;

  /** The server refused the request (bad input, unknown collection, ...) or some items failed. */
  static final int REFUSED = 1;

  /** The command line itself was wrong (unknown command or option, missing argument). */
  static final int USAGE = 2;

  /** The server could not be reached, was unavailable, or did not answer within the deadline. */
  static final int UNREACHABLE = 3;

  /** A local file could not be read or parsed. */
  static final int LOCAL_INPUT = 4;

  private ExitCode() {}
}
