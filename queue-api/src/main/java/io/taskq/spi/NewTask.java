package io.taskq.spi;

import io.taskq.QueueConfig;
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
 */
public record NewTask(
    String queue,
    String id,
    String envelope,
    @Nullable Duration countdown,
    @Nullable Instant eta) {

  public NewTask {
    QueueConfig.requireValidName(queue);
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(envelope, "envelope");
    if (countdown != null && eta != null) {
      throw new IllegalArgumentException("give countdown or eta, not both");
    }
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
