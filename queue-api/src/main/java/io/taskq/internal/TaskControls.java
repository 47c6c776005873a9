package io.taskq.internal;

import io.taskq.TaskOptions;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a submitter set about how one task runs, carried in its envelope: priority, expiry and
 * per-task time limits. Stored as the envelope fields {@code priority}, {@code expiresAt}
 * (epoch ms), {@code timeLimitMs} and {@code softTimeLimitMs}, each left out when unset.
 *
 * @param priority 0 to {@link TaskOptions#MAX_PRIORITY}
 * @param expiresAt a claim after this instant does not run the task, or {@code null}
 * @param timeLimit hard limit of one attempt overriding the queue's, or {@code null}
 * @param softTimeLimit soft limit of one attempt overriding the queue's, or {@code null}
 */
public record TaskControls(
    int priority,
    @Nullable Instant expiresAt,
    @Nullable Duration timeLimit,
    @Nullable Duration softTimeLimit) {

  /** Nothing set. */
  public static final TaskControls NONE = new TaskControls(0, null, null, null);

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
