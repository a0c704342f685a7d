package dev.facesearch.bench.search;

import java.lang.management.ManagementFactory;

/** Heap in use, measured after asking for full collections so that garbage is not counted. */
final class Heap {
  private Heap() {}

  static long usedAfterGc() {
    // One System.gc() can leave objects that only became unreachable during it; two settle it.
    for (int i = 0; i < 2; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
