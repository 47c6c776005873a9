package io.taskq.samples.soak;

import io.taskq.Inspector;
import io.taskq.QueueStats;
import io.taskq.samples.soak.SoakReport.Sample;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The soak's clock. Every 100 ms: is the run over? Every second: heap and RSS (for the maxima).
 * Every interval: a line of figures. Submission ends by count, duration or signal; draining ends
 * when every submitted number ran and the queues are empty, at the drain timeout, or when
 * {@code giveUp} says so (a second signal).
 */
final class SoakWatch {
  static final long TICK_MS = 100;

  /** What the watch saw. */
  record Progress(List<Sample> samples, boolean drained, long lastCompletionNanos) {}

  private final PrintWriter out;
  private final Inspector inspector;
  private final List<String> queues;
  private final SoakLedger ledger;
  private final SoakSubmitter submitter;
  private final ProcessMemory memory;
  private final @Nullable RedisMemory redis;
  private final Duration interval;
  private final Duration drainTimeout;
  private final BooleanSupplier giveUp;

  SoakWatch(PrintWriter out, Inspector inspector, List<String> queues, SoakLedger ledger,
      SoakSubmitter submitter, ProcessMemory memory, @Nullable RedisMemory redis,
      Duration interval, Duration drainTimeout, BooleanSupplier giveUp) {
    this.out = out;
    this.inspector = inspector;
    this.queues = queues;
    this.ledger = ledger;
    this.submitter = submitter;
    this.memory = memory;
    this.redis = redis;
    this.interval = interval;
    this.drainTimeout = drainTimeout;
    this.giveUp = giveUp;
  }

  /** Watches until drained or given up; {@code t0} is when submission started. */
  Progress run(Thread submitThread, long t0) throws InterruptedException {
    List<Sample> samples = new ArrayList<>();
    long intervalNanos = interval.toNanos();
    long nextLine = t0 + intervalNanos;
    long nextMemory = t0;
    long lastAt = t0;
    long lastCompleted = 0;
    long lastCompletion = t0;
    long seenCompleted = 0;
    long drainDeadline = Long.MAX_VALUE;
    boolean drained = false;
    while (true) {
      Thread.sleep(TICK_MS);
      long now = System.nanoTime();
      long completed = ledger.completed();
      if (completed != seenCompleted) {
        seenCompleted = completed;
        lastCompletion = now;
      }
      if (now >= nextMemory) {
        memory.heapUsed();
        memory.rss();
        nextMemory = now + 1_000_000_000L;
      }
      boolean submitting = submitThread.isAlive();
      if (!submitting && drainDeadline == Long.MAX_VALUE) {
        drainDeadline = now + drainTimeout.toNanos();
      }
      if (!submitting && completed >= submitter.submitted() && idle()) {
        drained = true;
      }
      boolean over = drained || now >= drainDeadline || giveUp.getAsBoolean();
      if (now >= nextLine || over) {
        double s = (now - lastAt) / 1e9;
        samples.add(sample(submitting ? "submit" : "drain", now - t0, completed,
            s > 0 ? (completed - lastCompleted) / s : 0));
        SoakReport.line(out, samples.getLast());
        lastAt = now;
        lastCompleted = completed;
        while (nextLine <= now) {
          nextLine += intervalNanos;
        }
      }
      if (over) {
        return new Progress(samples, drained, lastCompletion);
      }
    }
  }

  private Sample sample(String phase, long elapsedNanos, long completed, double throughput) {
    long pending = 0;
    long active = 0;
    try {
      for (String q : queues) {
        QueueStats st = inspector.stats(q);
        pending += st.pending();
        active += st.active();
      }
    } catch (RuntimeException e) { // Redis away: the line shows "-" and the run goes on
      pending = -1;
      active = -1;
    }
    long used;
    try {
      used = redis == null ? -1 : redis.usedMemory();
    } catch (RuntimeException e) { // as above
      used = -1;
    }
    return new Sample(elapsedNanos / 1e9, phase, submitter.submitted(), completed, throughput,
        pending, active, memory.heapUsed(), memory.rss(), used);
  }

  /** Nothing pending, claimed, scheduled or waiting to retry in the soak queues. */
  private boolean idle() {
    try {
      for (String q : queues) {
        QueueStats s = inspector.stats(q);
        if (s.pending() + s.active() + s.scheduled() + s.retry() > 0) {
          return false;
        }
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
