package io.taskq.beat;

import io.taskq.QueueConfig;
import java.time.ZoneId;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One periodic task of a {@link Schedule}.
 *
 * @param name entry name, {@code [A-Za-z0-9._-]{1,100}}; part of every fired task id
 *     ({@code beat:<name>:<occurrence millis>})
 * @param task the task name
 * @param queue the queue it is enqueued on
 * @param args the task's arguments as JSON text
 * @param timing when it fires
 * @param zone the timezone whose wall clock a cron expression reads (default UTC)
 * @param misfire what a new leader does with occurrences missed while no leader was alive
 * @param catchUpLimit most missed occurrences fired with {@link MisfirePolicy#CATCH_UP}
 * @param overlap what an occurrence does while the previous task is still live
 */
public record ScheduleEntry(String name, String task, String queue, String args, Timing timing,
    ZoneId zone, MisfirePolicy misfire, int catchUpLimit, OverlapPolicy overlap) {
  public static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  public static final int DEFAULT_CATCH_UP_LIMIT = 10;

  public ScheduleEntry {
    Objects.requireNonNull(name, "name");
    if (!NAME_PATTERN.matcher(name).matches()) {
      throw new IllegalArgumentException("entry name must match [A-Za-z0-9._-]{1,100}, was '"
          + name + "'");
    }
    Objects.requireNonNull(task, "task");
    QueueConfig.requireValidName(queue);
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(timing, "timing");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(misfire, "misfire");
    Objects.requireNonNull(overlap, "overlap");
    if (catchUpLimit < 1) {
      throw new IllegalArgumentException("catchUpLimit must be >= 1, was " + catchUpLimit);
    }
  }

  /** An entry with the defaults: arguments {@code {}}, UTC, fire_once, overlap allow. */
  public static ScheduleEntry of(String name, String task, String queue, Timing timing) {
    return new ScheduleEntry(name, task, queue, "{}", timing, ZoneId.of("UTC"),
        MisfirePolicy.FIRE_ONCE, DEFAULT_CATCH_UP_LIMIT, OverlapPolicy.ALLOW);
  }

  @Override
  public String toString() {
    return "ScheduleEntry[" + name + ": " + task + " -> " + queue + ", " + timing + " " + zone
        + "]";
  }
}
