package io.taskq.spi;

import io.taskq.QueueShards;
import io.taskq.TaskOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A task to enqueue. With neither {@code countdown} nor {@code eta} (or an ETA already past) it is
 * pending at once; otherwise it is scheduled and forwarded to pending when due. A countdown is
 * measured on the broker's clock.
 *
 * @param queue target queue
 * @param id task id, unique within the queue
 * @param envelope encoded envelope, stored as is
 * @param countdown delay from now on the broker's clock, or {@code null}
 * @param eta due instant, or {@code null}
 * @param priority 0 to {@link TaskOptions#MAX_PRIORITY}; kept through retries and replays, and
 *     used only on a queue with priorities enabled
 * @param uniqueKey while a task of this key is live in the queue (or within {@code uniqueTtl} of
 *     its submission), this task is not stored and the live task's id is reported as the
 *     duplicate; {@code null} = not unique
 * @param uniqueTtl how long the key holds at least; required with a unique key
 * @param links what follows the task's final state (chain step, group membership, callbacks), as
 *     JSON opaque to the broker, or {@code null}; stored with the task and handed to the queue's
 *     follow-ups ({@link Broker#followUps}) by the call that ends it
 * @param once whether an id that already finished (its record is kept) counts as a duplicate
 *     too, so a follow-up submitted again by its fixed id runs once
 */
public record NewTask(
    String queue,
    String id,
    String envelope,
    @Nullable Duration countdown,
    @Nullable Instant eta,
    int priority,
    @Nullable String uniqueKey,
    @Nullable Duration uniqueTtl,
    @Nullable String links,
    boolean once) {

  public NewTask {
    QueueShards.requireValid(queue);
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(envelope, "envelope");
    if (countdown != null && eta != null) {
      throw new IllegalArgumentException("give countdown or eta, not both");
    }
    if (priority < 0 || priority > TaskOptions.MAX_PRIORITY) {
      throw new IllegalArgumentException(
          "priority must be 0 to " + TaskOptions.MAX_PRIORITY + ", was " + priority);
    }
    if (uniqueKey != null && uniqueTtl == null) {
      throw new IllegalArgumentException("a unique key needs its TTL");
    }
  }

  /** A task without links. */
  public NewTask(String queue, String id, String envelope, @Nullable Duration countdown,
      @Nullable Instant eta, int priority, @Nullable String uniqueKey,
      @Nullable Duration uniqueTtl) {
    this(queue, id, envelope, countdown, eta, priority, uniqueKey, uniqueTtl, null, false);
  }

  /** This task with {@code links}, submitted {@code once} or not. */
  public NewTask withLinks(@Nullable String links, boolean once) {
    return new NewTask(queue, id, envelope, countdown, eta, priority, uniqueKey, uniqueTtl, links,
        once);
  }

  /** A task of priority 0, not unique. */
  public NewTask(String queue, String id, String envelope, @Nullable Duration countdown,
      @Nullable Instant eta) {
    this(queue, id, envelope, countdown, eta, 0, null, null, null, false);
  }

  /** A task that is pending at once. */
  public static NewTask now(String queue, String id, String envelope) {
    return new NewTask(queue, id, envelope, null, null);
  }

  /** Whether the task may be delayed (it has a countdown > 0 or an ETA). */
  public boolean delayed() {
    return (countdown != null && !countdown.isZero() && !countdown.isNegative()) || eta != null;
  }
}
