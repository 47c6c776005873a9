package io.taskq.samples;

import io.taskq.worker.Outcome;
import io.taskq.worker.OutcomeListener;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the demo's outcomes per queue, for the progress lines and the summary table. */
final class DemoProgress implements OutcomeListener {
  private final Map<String, Map<Outcome, AtomicLong>> counts = new LinkedHashMap<>();

  DemoProgress(List<String> queues) {
    for (String q : queues) {
      Map<Outcome, AtomicLong> byOutcome = new EnumMap<>(Outcome.class);
      for (Outcome o : Outcome.values()) {
        byOutcome.put(o, new AtomicLong());
      }
      counts.put(q, byOutcome);
    }
  }

  @Override
  public void completed(String queue, String task, Outcome outcome, Duration duration) {
    Map<Outcome, AtomicLong> byOutcome = counts.get(queue);
    if (byOutcome != null) {
      counter(byOutcome, outcome).incrementAndGet();
    }
  }

  /** The constructor puts every outcome into every queue's map. */
  private static AtomicLong counter(Map<Outcome, AtomicLong> byOutcome, Outcome o) {
    return Objects.requireNonNull(byOutcome.get(o), o.name());
  }

  /** Tasks in a final state: succeeded, dead or rejected. */
  long finished() {
    return total(Outcome.SUCCESS) + total(Outcome.DEAD) + total(Outcome.REJECTED);
  }

  private long total(Outcome o) {
    return counts.values().stream().mapToLong(m -> counter(m, o).get()).sum();
  }

  String line(int submitted) {
    return String.format("%d/%d finished: %d succeeded, %d retries, %d dead", finished(),
        submitted, total(Outcome.SUCCESS), total(Outcome.RETRY),
        total(Outcome.DEAD) + total(Outcome.REJECTED));
  }

  String table() {
    StringBuilder t = new StringBuilder(String.format("%-10s %10s %8s %6s%n", "queue",
        "succeeded", "retried", "dead"));
    counts.forEach((q, m) -> t.append(String.format("%-10s %10d %8d %6d%n", q,
        counter(m, Outcome.SUCCESS).get(), counter(m, Outcome.RETRY).get(),
        counter(m, Outcome.DEAD).get() + counter(m, Outcome.REJECTED).get())));
    t.append(String.format("%-10s %10d %8d %6d%n", "total", total(Outcome.SUCCESS),
        total(Outcome.RETRY), total(Outcome.DEAD) + total(Outcome.REJECTED)));
    return t.toString();
  }
}
