package io.taskq;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Inspector#health} found: the broker check, each queue, the workers whose heartbeat
 * is stale, and the listings that could not be read. The overall {@link #status()} is derived
 * from them: {@code DOWN} when the broker did not answer, {@code DEGRADED} when anything else is
 * wrong, else {@code UP}. {@code taskq health}, the worker's {@code /health}, {@code taskq monitor}
 * and the worker's alerts all read this one value.
 *
 * @param broker the broker check
 * @param queues the queues checked, in the order asked for; empty when the broker is down
 * @param staleWorkers registered workers whose heartbeat is stale
 * @param problems what could not be read ({@code workers}, {@code queues}, the {@code redis}
 *     server's state); the rest was still checked
 */
public record Health(BrokerCheck broker, List<QueueHealth> queues,
    List<WorkerStatus> staleWorkers, List<Problem> problems) {

  /** How long the broker check waits for an answer to its ping before the broker is DOWN. */
  public static final Duration PING_TIMEOUT = Duration.ofSeconds(1);

  /** Overall or per-part status. */
  public enum Status {
    /** Everything checked is fine. */
    UP,
    /** The broker answers but something needs an operator. */
    DEGRADED,
    /** The broker did not answer. */
    DOWN
  }

  public Health {
    Objects.requireNonNull(broker, "broker");
    queues = List.copyOf(queues);
    staleWorkers = List.copyOf(staleWorkers);
    problems = List.copyOf(problems);
  }

  /** The health when the broker cannot be reached at all: {@code error} says why. */
  public static Health down(String target, String error) {
    return new Health(new BrokerCheck(target, null, List.of(), error), List.of(), List.of(),
        List.of());
  }

  /** DOWN when the broker did not answer; DEGRADED when any part is not UP; else UP. */
  public Status status() {
    if (broker.status() == Status.DOWN) {
      return Status.DOWN;
    }
    boolean degraded = broker.status() != Status.UP || !problems.isEmpty()
        || !staleWorkers.isEmpty() || queues.stream().anyMatch(q -> q.status() != Status.UP);
    return degraded ? Status.DEGRADED : Status.UP;
  }

  /**
   * The broker check.
   *
   * @param target what was checked, credentials redacted ({@code redis://host:6379/0})
   * @param latency round trip of a ping, {@code null} when it did not answer
   * @param warnings server settings or states that endanger tasks (an eviction policy other than
   *     {@code noeviction}, "Redis is out of memory ...")
   * @param error why it did not answer, {@code null} when it did
   */
  public record BrokerCheck(String target, @Nullable Duration latency, List<String> warnings,
      @Nullable String error) {
    public BrokerCheck {
      Objects.requireNonNull(target, "target");
      warnings = List.copyOf(warnings);
    }

    /** DOWN on an error, DEGRADED with warnings, else UP. */
    public Status status() {
      return error != null ? Status.DOWN : warnings.isEmpty() ? Status.UP : Status.DEGRADED;
    }
  }

  /**
   * One queue.
   *
   * @param name the queue
   * @param stats its figures, {@code null} when they could not be read
   * @param liveWorkers live workers serving it
   * @param keyProblems its keys of the wrong type (read only when {@code stats} failed)
   * @param failure why {@code stats} could not be read, {@code null} when they were
   */
  public record QueueHealth(String name, @Nullable QueueStats stats, long liveWorkers,
      List<String> keyProblems, @Nullable String failure) {
    public QueueHealth {
      Objects.requireNonNull(name, "name");
      keyProblems = List.copyOf(keyProblems);
    }

    /** True when it has pending tasks, is not paused and no live worker serves it. */
    public boolean needsWorker() {
      return stats != null && stats.pending() > 0 && !stats.paused() && liveWorkers == 0;
    }

    /** DEGRADED when unreadable or when it {@linkplain #needsWorker() needs a worker}. */
    public Status status() {
      return stats == null || needsWorker() ? Status.DEGRADED : Status.UP;
    }

    /**
     * What is wrong, one line each: its broken keys (else the failure) when unreadable,
     * "{@code N pending and no live worker}", or nothing.
     */
    public List<String> problems() {
      if (stats == null) {
        return keyProblems.isEmpty() ? List.of(String.valueOf(failure)) : keyProblems;
      }
      return needsWorker() ? List.of(stats.pending() + " pending and no live worker") : List.of();
    }
  }

  /**
   * Something that could not be read.
   *
   * @param subject what was read: {@code workers}, {@code queues} or {@code redis}
   * @param message why
   */
  public record Problem(String subject, String message) {
    public Problem {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(message, "message");
    }
  }
}
