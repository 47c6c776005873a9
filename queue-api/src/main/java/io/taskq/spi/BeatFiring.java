package io.taskq.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One occurrence of a beat entry to fire.
 *
 * @param entry the schedule entry's name
 * @param occurrence the occurrence's scheduled instant (the same on every replica)
 * @param task the task to enqueue, with id {@code beat:<entry>:<occurrence millis>}
 * @param skipIfPreviousLive skip when the entry's previous task is still pending, scheduled,
 *     retrying or running (overlap policy {@code skip})
 */
public record BeatFiring(String entry, Instant occurrence, NewTask task,
    boolean skipIfPreviousLive) {
  public BeatFiring {
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(occurrence, "occurrence");
    Objects.requireNonNull(task, "task");
  }

  /** The id of the task of an entry's occurrence. */
  public static String taskId(String entry, Instant occurrence) {
    return "beat:" + entry + ":" + occurrence.toEpochMilli();
  }
}
