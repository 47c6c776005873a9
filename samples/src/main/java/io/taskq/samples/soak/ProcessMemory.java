package io.taskq.samples.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/** This JVM's heap in use and, on Linux, its resident set size (from {@code /proc/self/status}). */
final class ProcessMemory {
  private static final Path STATUS = Path.of("/proc/self/status");
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private long maxHeap;
  private long maxRss = -1;

  /** Heap in use now, in bytes; remembered for {@link #maxHeap()}. */
  synchronized long heapUsed() {
    long used = memory.getHeapMemoryUsage().getUsed();
    maxHeap = Math.max(maxHeap, used);
    return used;
  }

  /** Resident set size now ({@code VmRSS}), in bytes; -1 where /proc is not there. */
  synchronized long rss() {
    long rss = status("VmRSS:");
    maxRss = Math.max(maxRss, rss);
    return rss;
  }

  /** The most heap in use at any sample. */
  synchronized long maxHeap() {
    return maxHeap;
  }

  /** The peak resident set size ({@code VmHWM}), or the most seen at a sample; -1 if unknown. */
  synchronized long maxRss() {
    return Math.max(maxRss, status("VmHWM:"));
  }

  /** The heap limit ({@code -Xmx} or the JVM's default). */
  static long heapLimit() {
    return Runtime.getRuntime().maxMemory();
  }

  private static long status(String field) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(field)) {
          // "VmRSS:	  123456 kB"
          String[] parts = line.substring(field.length()).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
