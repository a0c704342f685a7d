package dev.facesearch.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU used over a window, in cores: by this process (server and load generator together), and by
 * the whole machine (Linux {@code /proc/stat}; NaN elsewhere). Their difference is other work on
 * the machine, which makes a run noisier and slower.
 */
public final class CpuMeter {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final long startNanos;
  private final long startProcessCpu;
  private final long[] startMachine;

  private CpuMeter() {
    startNanos = System.nanoTime();
    startProcessCpu = OS.getProcessCpuTime();
    startMachine = machineTicks();
  }

  /** Starts a window now. */
  public static CpuMeter start() {
    return new CpuMeter();
  }

  /**
   * Cores in use since the start.
   *
   * @param process cores used by this JVM
   * @param machine cores busy on the whole machine, NaN if unknown
   */
  public record Usage(double process, double machine) {}

  /** The usage from the start until now. */
  public Usage stop() {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double process = (OS.getProcessCpuTime() - startProcessCpu) / 1e9 / seconds;
    long[] end = machineTicks();
    double machine = Double.NaN;
    if (startMachine != null && end != null) {
      long busy = end[0] - startMachine[0];
      long total = end[1] - startMachine[1];
      machine = total == 0 ? 0 : busy / (double) total * OS.getAvailableProcessors();
    }
    return new Usage(process, machine);
  }

  /** {busy, total} jiffies of all CPUs, or null when /proc/stat is not there. */
  private static long[] machineTicks() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < fields.length; i++) {
        total += Long.parseLong(fields[i]);
      }
      // idle and iowait are fields 4 and 5 of the "cpu" line.
      long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
