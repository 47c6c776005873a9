package io.taskq.samples.soak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.taskq.samples.soak.RedisMemory.Snapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a soak run measured: the interval lines as they go, then the summary as text and as the
 * {@code --json} file. Sizes are bytes in the JSON and MiB in the text; -1 means unknown.
 */
final class SoakReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String ROW = "%8s %11s %11s %9s %9s %7s %8s %8s %9s%n";

  private SoakReport() {}

  /** One interval line. */
  record Sample(double elapsedS, String phase, long submitted, long completed,
      double throughput, long pending, long active, long heapUsed, long rss, long redisUsedMemory) {}

  /** How the run was set up. */
  record Settings(long tasks, double durationS, double rate, List<String> queues, int workers,
      int concurrency, int batch, long maxBacklog, double taskTimeMs, boolean spin,
      double intervalS, double drainTimeoutS, String redis) {}

  /** Redis before the run (soak queues purged) and after draining. */
  record Redis(@Nullable Snapshot before, @Nullable Snapshot after, long usedMemoryGrowth) {}

  /** The whole run. */
  record Summary(Settings settings, String runId, double elapsedS, double submitS,
      double processS, long submitted, long completed, long duplicates, long lost,
      List<Long> lostSample, long foreign, Map<String, Long> outcomes, long submitFailures,
      boolean drained, Map<String, Long> left, double submitRate, double throughput,
      double minIntervalThroughput, double maxIntervalThroughput, long heapLimit,
      long maxHeapUsed, long maxRss, Redis redis, List<Sample> samples) {}

  static void header(PrintWriter out) {
    out.printf(ROW, "elapsed", "submitted", "completed", "tasks/s", "pending", "active",
        "heap_MiB", "rss_MiB", "redis_MiB");
    out.flush();
  }

  static void line(PrintWriter out, Sample s) {
    out.printf(ROW, String.format(Locale.ROOT, "%.0fs", s.elapsedS()), s.submitted(),
        s.completed(), String.format(Locale.ROOT, "%.0f", s.throughput()), count(s.pending()),
        count(s.active()), mib(s.heapUsed()), mib(s.rss()), mib(s.redisUsedMemory()));
    out.flush();
  }

  static void summary(PrintWriter out, Summary s) {
    out.println();
    out.printf(Locale.ROOT, "soak %s: %d submitted in %.1f s (%.0f/s), %d completed in %.1f s"
        + " (%.0f/s)%n", s.runId(), s.submitted(), s.submitS(), s.submitRate(), s.completed(),
        s.processS(), s.throughput());
    out.printf(Locale.ROOT, "interval throughput while submitting: min %.0f/s, max %.0f/s%n",
        s.minIntervalThroughput(), s.maxIntervalThroughput());
    out.printf("lost %d, duplicates %d, other runs' tasks %d, outcomes %s, failed submit calls"
        + " %d%n", s.lost(), s.duplicates(), s.foreign(), s.outcomes(), s.submitFailures());
    if (!s.lostSample().isEmpty()) {
      out.println("first lost sequence numbers: " + s.lostSample());
    }
    out.println((s.drained() ? "drained" : "NOT drained within the drain timeout")
        + "; left in the soak queues: " + s.left());
    out.printf("JVM: max heap used %s MiB (limit %s MiB), max RSS %s MiB%n",
        mib(s.maxHeapUsed()), mib(s.heapLimit()), mib(s.maxRss()));
    Snapshot before = s.redis().before();
    Snapshot after = s.redis().after();
    if (before != null && after != null) {
      out.printf(Locale.ROOT, "Redis used_memory: before %s MiB (%d B), after draining %s MiB"
          + " (%d B), growth %d B; taskq keys before %d, after %d%n", mib(before.usedMemory()),
          before.usedMemory(), mib(after.usedMemory()), after.usedMemory(),
          s.redis().usedMemoryGrowth(), before.taskqKeys(), after.taskqKeys());
      out.println("soak queue keys after draining: " + after.soakKeys());
    } else {
      out.println("Redis memory: not measured (not a standalone Redis URL)");
    }
    out.println(s.lost() == 0 ? "OK: nothing lost" : "FAILED: " + s.lost() + " task(s) lost");
    out.flush();
  }

  static void writeJson(Path file, Summary s) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writeValue(file.toFile(), s);
  }

  private static String count(long n) {
    return n < 0 ? "-" : Long.toString(n);
  }

  static String mib(long bytes) {
    return bytes < 0 ? "-" : String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
  }
}
