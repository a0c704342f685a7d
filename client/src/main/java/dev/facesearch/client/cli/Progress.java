package dev.facesearch.client.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Reports the progress of a long batch on standard error: done/total, rate and time left, a line
 * every few seconds and one at the end. Lines rather than a redrawn status line, so that logs of a
 * run read as well as a terminal. Thread-safe.
 */
final class Progress {
  private static final long INTERVAL_NANOS = 5_000_000_000L;

  private final PrintWriter err;
  private final String what;
  private final int total;
  private final long started = System.nanoTime();
  private int done; // guarded by this
  private long firstDone; // guarded by this
  private long lastReport = started; // guarded by this

  /**
   * @param what the items and what is done to them, e.g. "images embedded"
   */
  Progress(PrintWriter err, String what, int total) {
    this.err = err;
    this.what = what;
    this.total = total;
  }

  /** Counts one item done. */
  synchronized void step() {
    done++;
    long now = System.nanoTime();
    if (done == 1) {
      firstDone = now;
    }
    // The rate is measured from the first item on: the first call also pays for the server
    // loading its models, which would make the time left look many times longer than it is.
    if (done > 1 && done < total && now - lastReport >= INTERVAL_NANOS && now > firstDone) {
      lastReport = now;
      double rate = (done - 1) / ((now - firstDone) / 1e9);
      err.printf(
          Locale.ROOT,
          "%d/%d %s (%d%%), %.1f/s, %s left%n",
          done,
          total,
          what,
          100L * done / total,
          rate,
          clock((total - done) / rate));
      err.flush();
    }
  }

  /** Reports the end of the batch. */
  synchronized void finish() {
    double seconds = (System.nanoTime() - started) / 1e9;
    err.printf(
        Locale.ROOT,
        "%d %s in %s (%.1f/s)%n",
        done,
        what,
        clock(seconds),
        seconds > 0 ? done / seconds : 0.0);
    err.flush();
  }

  /** Seconds as m:ss, or h:mm:ss from an hour on. */
  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
