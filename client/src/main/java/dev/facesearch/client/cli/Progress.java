package dev.facesearch.client.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Tells a person how far a long batch has got, on standard error so that standard output keeps only
 * the result: a single updating bar on a terminal, otherwise a plain line now and then.
 */
final class Progress implements AutoCloseable {
  /** How progress is shown. */
  enum Mode {
    /** One line rewritten in place: bar, count, rate, time left. */
    BAR,
    /** A line every interval or every {@link #LINE_EVERY_ITEMS} items, for logs. */
    LINES,
    /** Nothing. */
    NONE;

    /** A bar when standard error is a terminal, else lines. */
    static Mode auto() {
      return System.console() != null && stderrIsTerminal() ? BAR : LINES;
    }
  }

  /** Lines mode also prints after this many items, whatever the interval. */
  static final int LINE_EVERY_ITEMS = 1000;

  private static final Duration BAR_REFRESH = Duration.ofMillis(250);
  private static final int BAR_WIDTH = 24;

  private final Mode mode;
  private final PrintWriter err;
  private final String unit;
  private final int total;
  private final IntSupplier done;
  private final Duration interval;
  private final long started = System.nanoTime();
  private final ScheduledExecutorService ticker;
  private AtomicInteger counted;

  // Guarded by this.
  private long lastLineNanos = started;
  private int lastLineDone;
  private int lastBarLength;

  private Progress(
      Mode mode, PrintWriter err, String unit, int total, IntSupplier done, Duration interval) {
    this.mode = mode;
    this.err = err;
    this.unit = unit;
    this.total = total;
    this.done = done;
    this.interval = interval;
    if (mode == Mode.NONE) {
      ticker = null;
      return;
    }
    ticker =
        Executors.newSingleThreadScheduledExecutor(task -> {
          Thread thread = new Thread(task, "facesearch-progress");
          thread.setDaemon(true);
          return thread;
        });
    // Lines mode checks every second (or sooner for short intervals) whether a line is due.
    long period =
        mode == Mode.BAR
            ? BAR_REFRESH.toMillis()
            : Math.max(10, Math.min(1000, interval.toMillis()));
    ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts showing progress.
   *
   * @param mode how
   * @param err where, standard error
   * @param unit what is counted, plural ("images")
   * @param total how many items there are
   * @param done how many are done so far; called from another thread
   * @param interval lines mode: the time between lines
   */
  static Progress start(
      Mode mode, PrintWriter err, String unit, int total, IntSupplier done, Duration interval) {
    return new Progress(mode, err, unit, total, done, interval);
  }

  /**
   * Starts showing progress that counts items itself, for callers that report each finished item
   * with {@link #step()}: a bar on a terminal, else a line every 5 seconds.
   */
  static Progress counting(PrintWriter err, String unit, int total) {
    AtomicInteger count = new AtomicInteger();
    Progress progress =
        new Progress(Mode.auto(), err, unit, total, count::get, Duration.ofSeconds(5));
    progress.counted = count;
    return progress;
  }

  /** One more item done; only for progress made by {@link #counting}. */
  void step() {
    counted.incrementAndGet();
  }

  /** Stops showing progress. */
  void finish() {
    close();
  }

  private synchronized void tick() {
    int now = done.getAsInt();
    long nanos = System.nanoTime();
    if (mode == Mode.BAR) {
      drawBar(now, nanos);
    } else if (nanos - lastLineNanos >= interval.toNanos()
        || now - lastLineDone >= LINE_EVERY_ITEMS) {
      err.println(line(now, nanos));
      lastLineNanos = nanos;
      lastLineDone = now;
    }
  }

  private void drawBar(int now, long nanos) {
    int filled = total == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * now / total);
    String bar =
        "["
            + "#".repeat(filled)
            + "-".repeat(BAR_WIDTH - filled)
            + "] "
            + counts(now)
            + "  "
            + rateAndEta(now, nanos);
    // Spaces wipe what a longer previous bar left behind.
    err.print("\r" + bar + " ".repeat(Math.max(0, lastBarLength - bar.length())));
    err.flush();
    lastBarLength = bar.length();
  }

  private String line(int now, long nanos) {
    return "progress: " + counts(now) + ", " + rateAndEta(now, nanos);
  }

  private String counts(int now) {
    int percent = total == 0 ? 100 : (int) (100L * now / total);
    return now + "/" + total + " " + unit + " (" + percent + "%)";
  }

  private String rateAndEta(int now, long nanos) {
    double seconds = (nanos - started) / 1e9;
    double rate = seconds > 0 ? now / seconds : 0;
    String eta =
        now >= total ? "done" : rate > 0 ? "ETA " + duration((total - now) / rate) : "ETA --";
    return String.format(Locale.ROOT, "%.1f %s/s, %s", rate, unit, eta);
  }

  /** A duration for people: 45s, 3m05s, 2h07m. */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
  }

  /** Stops the updates and shows the final state. */
  @Override
  public void close() {
    if (ticker == null) {
      return;
    }
    ticker.shutdownNow();
    try {
      ticker.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      int now = done.getAsInt();
      long nanos = System.nanoTime();
      if (mode == Mode.BAR) {
        drawBar(now, nanos);
        err.println();
      } else {
        err.println(line(now, nanos));
      }
      err.flush();
    }
  }

  /**
   * Whether standard error is a terminal. Linux tells through /proc; elsewhere the console's own
   * answer (Java 22+) is the best guess, since from Java 22 {@code System.console()} is not null
   * when output is redirected.
   */
  private static boolean stderrIsTerminal() {
    Path fd = Path.of("/proc/self/fd/2");
    try {
      String target = Files.readSymbolicLink(fd).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      try {
        Method isTerminal = java.io.Console.class.getMethod("isTerminal");
        return (Boolean) isTerminal.invoke(System.console());
      } catch (ReflectiveOperationException | RuntimeException notJava22) {
        return true;
      }
    }
  }
}
