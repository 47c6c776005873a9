package io.taskq.celery;

import io.taskq.QueueConfig;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How {@link CeleryClient#send} sends a task, as Celery's {@code apply_async} options.
 *
 * @param queue the Celery queue (default {@code celery})
 * @param countdown run no sooner than this after sending (becomes {@code eta}); null for none
 * @param eta run no sooner than this instant; null for none (a countdown wins when both are set)
 * @param expiresIn a worker that receives the task later than this after sending stores REVOKED
 *     instead of running it; null for none
 * @param priority 0 to 9; on Redis 0 is served first (Celery's Redis transport), default 0
 * @param id the task id; null for a new random UUID
 */
public record CeleryOptions(String queue, @Nullable Duration countdown, @Nullable Instant eta,
    @Nullable Duration expiresIn, int priority, @Nullable String id) {

  public static final String DEFAULT_QUEUE = "celery";
  public static final CeleryOptions DEFAULT =
      new CeleryOptions(DEFAULT_QUEUE, null, null, null, 0, null);

  public CeleryOptions {
    QueueConfig.requireValidName(queue);
    if (priority < 0 || priority > 9) {
      throw new IllegalArgumentException("priority must be 0 to 9, was " + priority);
    }
    if (countdown != null && countdown.isNegative()) {
      throw new IllegalArgumentException("countdown must be >= 0, was " + countdown);
    }
    if (id != null && id.isEmpty()) {
      throw new IllegalArgumentException("id must not be empty");
    }
  }

  public static Builder builder() {
    return new Builder(DEFAULT);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds {@link CeleryOptions}; not thread-safe. */
  public static final class Builder {
    private String queue;
    private @Nullable Duration countdown;
    private @Nullable Instant eta;
    private @Nullable Duration expiresIn;
    private int priority;
    private @Nullable String id;

    private Builder(CeleryOptions o) {
      queue = o.queue;
      countdown = o.countdown;
      eta = o.eta;
      expiresIn = o.expiresIn;
      priority = o.priority;
      id = o.id;
    }

    public Builder queue(String queue) {
      this.queue = queue;
      return this;
    }

    public Builder countdown(@Nullable Duration countdown) {
      this.countdown = countdown;
      return this;
    }

    public Builder eta(@Nullable Instant eta) {
      this.eta = eta;
      return this;
    }

    public Builder expiresIn(@Nullable Duration expiresIn) {
      this.expiresIn = expiresIn;
      return this;
    }

    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    public Builder id(@Nullable String id) {
      this.id = id;
      return this;
    }

    public CeleryOptions build() {
      return new CeleryOptions(queue, countdown, eta, expiresIn, priority, id);
    }
  }
}
