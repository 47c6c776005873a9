package io.taskq.bench;

import io.taskq.TaskDefinition;
import java.time.Instant;

/**
 * The tasks benchmarks run: a no-op, and a task whose payload carries its submit time so the
 * handler can measure enqueue-to-start latency. Shared by {@code taskq bench} and the
 * peer-harness adapter.
 */
public final class BenchTasks {
  /** Name of the no-op task. */
  public static final String NOOP_NAME = "bench.noop";
  /** Name of the latency task. */
  public static final String LATENCY_NAME = "bench.latency";

  private BenchTasks() {}

  /** Payload of the no-op task: nothing. */
  public record Noop() {}

  /** Payload of the latency task: the submit time, ms since the epoch (sub-ms precision). */
  public record Latency(double submitMs) {
    /** A payload stamped now. */
    public static Latency now() {
      return new Latency(nowMs());
    }

    /** Milliseconds from the submit time to now. */
    public double ageMs() {
      return nowMs() - submitMs;
    }
  }

  /** The no-op task on {@code queue}. */
  public static TaskDefinition<Noop> noop(String queue) {
    return TaskDefinition.of(NOOP_NAME, Noop.class).withQueue(queue);
  }

  /** The no-op task under another name (e.g. a warm-up that a harness ignores) on {@code queue}. */
  public static TaskDefinition<Noop> noop(String name, String queue) {
    return TaskDefinition.of(name, Noop.class).withQueue(queue);
  }

  /** The latency task on {@code queue}. */
  public static TaskDefinition<Latency> latency(String queue) {
    return TaskDefinition.of(LATENCY_NAME, Latency.class).withQueue(queue);
  }

  /** Wall-clock ms since the epoch with sub-millisecond precision (comparable across processes). */
  public static double nowMs() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1000.0 + now.getNano() / 1e6;
  }
}
