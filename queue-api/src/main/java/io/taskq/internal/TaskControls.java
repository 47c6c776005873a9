package io.taskq.internal;

import io.taskq.TaskOptions;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a submitter set about how one task runs, carried in its envelope: priority, expiry and
 * per-task time limits. Stored as the envelope fields {@code priority}, {@code expiresAt}
 * (epoch ms), {@code timeLimitMs}, {@code softTimeLimitMs} and {@code linked}, each left out when
 * unset.
 *
 * @param priority 0 to {@link TaskOptions#MAX_PRIORITY}
 * @param expiresAt a claim after this instant does not run the task, or {@code null}
 * @param timeLimit hard limit of one attempt overriding the queue's, or {@code null}
 * @param softTimeLimit soft limit of one attempt overriding the queue's, or {@code null}
 * @param linked whether the task has follow-ups (chain, group, callbacks): the worker that ends it
 *     looks at its queue's follow-ups at once
 */
public record TaskControls(
    int priority,
    @Nullable Instant expiresAt,
    @Nullable Duration timeLimit,
    @Nullable Duration softTimeLimit,
    boolean linked) {

  /** Nothing set. */
  public static final TaskControls NONE = new TaskControls(0, null, null, null, false);

  /** Controls without follow-ups. */
  public TaskControls(int priority, @Nullable Instant expiresAt, @Nullable Duration timeLimit,
      @Nullable Duration softTimeLimit) {
    this(priority, expiresAt, timeLimit, softTimeLimit, false);
  }

  /** These controls, {@code linked} or not. */
  public TaskControls withLinked(boolean linked) {
    return new TaskControls(priority, expiresAt, timeLimit, softTimeLimit, linked);
  }

  /** The controls of a submission at {@code now}: an {@code expiresIn} counts from it. */
  public static TaskControls of(TaskOptions o, Instant now) {
    Instant expires = o.expiresAt() != null ? o.expiresAt()
        : o.expiresIn() != null ? now.plus(o.expiresIn()) : null;
    return new TaskControls(o.priorityOrDefault(), expires, o.timeLimit(), o.softTimeLimit());
  }

  /** Whether a claim at {@code now} comes after the expiry. */
  public boolean expiredAt(Instant now) {
    return expiresAt != null && now.isAfter(expiresAt);
  }
}
