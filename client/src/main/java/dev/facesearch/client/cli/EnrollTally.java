package dev.facesearch.client.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What happened to each image of a folder enrollment, counted as the outcomes arrive from several
 * threads; the problem files are kept for the report.
 */
final class EnrollTally {
  /** What happened to one image; each image has exactly one. */
  enum Outcome {
    /** Its single face was enrolled. */
    ENROLLED("enrolled", false),
    /** It holds several faces; the largest was enrolled. */
    SEVERAL_FACES_LARGEST_ENROLLED("several faces (largest enrolled)", true),
    /** The subject already has a face from these bytes, found before or by the server. */
    ALREADY_ENROLLED("already enrolled", false),
    /** No face was found. */
    NO_FACE("no face", true),
    /** It holds several faces and --reject-multiple refused it. */
    MULTIPLE_FACES("several faces (rejected)", true),
    /** The file could not be read, or the server refused it. */
    ERROR("errors", true);

    private final String label;
    private final boolean problem;

    Outcome(String label, boolean problem) {
      this.label = label;
      this.problem = problem;
    }

    /** How the summary names it. */
    String label() {
      return label;
    }

    /** Whether the image goes into the report of problem files. */
    boolean problem() {
      return problem;
    }
  }

  /**
   * An image worth a person's look.
   *
   * @param file the image
   * @param outcome what happened
   * @param detail why, for a person
   */
  record Problem(Path file, Outcome outcome, String detail) {}

  private final int total;
  private final Map<Outcome, AtomicInteger> counts = new EnumMap<>(Outcome.class);
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicLong enrollCalls = new AtomicLong();

  // Guarded by itself.
  private final List<Problem> problems = new ArrayList<>();

  EnrollTally(int total) {
    this.total = total;
    for (Outcome outcome : Outcome.values()) {
      counts.put(outcome, new AtomicInteger());
    }
  }

  /** Records an image's outcome; {@code detail} is kept for problem files. */
  void record(Path file, Outcome outcome, String detail) {
    counts.get(outcome).incrementAndGet();
    if (outcome.problem()) {
      synchronized (problems) {
        problems.add(new Problem(file, outcome, detail));
      }
    }
    done.incrementAndGet();
  }

  /** Counts one Enroll call sent to the server. */
  void countCall() {
    enrollCalls.incrementAndGet();
  }

  /** Images found. */
  int total() {
    return total;
  }

  /** Images with an outcome so far. */
  int done() {
    return done.get();
  }

  int count(Outcome outcome) {
    return counts.get(outcome).get();
  }

  /** New faces stored by this run. */
  int facesEnrolled() {
    return count(Outcome.ENROLLED) + count(Outcome.SEVERAL_FACES_LARGEST_ENROLLED);
  }

  /** Enroll calls sent; images skipped as already enrolled cost none. */
  long enrollCalls() {
    return enrollCalls.get();
  }

  /** The problem files, by path. */
  List<Problem> problems() {
    synchronized (problems) {
      return problems.stream().sorted(Comparator.comparing(Problem::file)).toList();
    }
  }
}
