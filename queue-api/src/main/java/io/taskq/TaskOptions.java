package io.taskq;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Per-submission options. Every field is optional; {@link #mergedOver(TaskOptions)} lays options
 * over a definition's defaults. Immutable.
 *
 * @param queue queue to submit to instead of the definition's
 * @param countdown run no earlier than this long after submission (measured on the broker's
 *     clock); exclusive with {@code eta}
 * @param eta run no earlier than this instant; exclusive with {@code countdown}
 * @param headers string headers carried to the handler's {@link TaskContext#headers()}
 * @param correlationId id that follows a request into its tasks' logs (MDC
 *     {@code correlationId}); when absent the client takes the caller's MDC value
 * @param id caller-supplied task id; enqueueing the same id twice leaves one task
 * @param rejectDuplicate throw {@link DuplicateTaskException} instead of returning the existing
 *     task's handle when a caller-supplied id or a unique key is already taken
 * @param priority 0 (lowest, the default) to 9 (highest) on a queue with priorities enabled
 *     ({@link QueueConfig#priorities()}); {@code null} = the definition's, else 0
 * @param expiresAt a task claimed after this instant is not run: it ends
 *     {@link TaskState#EXPIRED}; exclusive with {@code expiresIn}
 * @param expiresIn expiry measured from submission; exclusive with {@code expiresAt}
 * @param timeLimit hard limit of one attempt of this task, overriding the queue's
 * @param softTimeLimit soft limit of one attempt: past it the handler sees
 *     {@link TaskContext#isCancelled()} and an interrupt; overrides the queue's
 * @param uniqueKey while a task with this key is pending, active or within {@code uniqueTtl} of
 *     its submission, a submission with the same key in the same queue returns the existing task
 * @param uniqueTtl how long a unique key holds at least (default {@link #DEFAULT_UNIQUE_TTL})
 * @param onSuccess tasks submitted once when the task SUCCEEDED (Celery's {@code link}); a step
 *     without a payload receives the result
 * @param onFailure tasks submitted once when the task ended DEAD, REVOKED or EXPIRED (Celery's
 *     {@code link_error}); a step without a payload receives a description of the failure
 * @param shardKey on a sharded queue ({@link QueueConfig#shards()}), the key that picks the
 *     shard: tasks with one key go to one shard, in submission order ({@link QueueShards#byKey});
 *     without it the shard is the unique key's, else the caller-supplied id's, else the next in
 *     turn (round-robin). Ignored by a queue with one shard
 */
public record TaskOptions(
    @Nullable String queue,
    @Nullable Duration countdown,
    @Nullable Instant eta,
    Map<String, String> headers,
    @Nullable String correlationId,
    @Nullable String id,
    boolean rejectDuplicate,
    @Nullable Integer priority,
    @Nullable Instant expiresAt,
    @Nullable Duration expiresIn,
    @Nullable Duration timeLimit,
    @Nullable Duration softTimeLimit,
    @Nullable String uniqueKey,
    @Nullable Duration uniqueTtl,
    List<Step> onSuccess,
    List<Step> onFailure,
    @Nullable String shardKey) {

  /** Highest task priority. */
  public static final int MAX_PRIORITY = 9;
  /** How long a unique key holds when no TTL is given. */
  public static final Duration DEFAULT_UNIQUE_TTL = Duration.ofHours(1);

  /** No options. */
  public static final TaskOptions DEFAULT = new TaskOptions(null, null, null, Map.of(), null,
      null, false, null, null, null, null, null, null, null, List.of(), List.of(), null);

  public TaskOptions {
    if (queue != null) {
      QueueConfig.requireValidName(queue);
    }
    if (countdown != null && eta != null) {
      throw new IllegalArgumentException("give countdown or eta, not both");
    }
    if (countdown != null && countdown.isNegative()) {
      throw new IllegalArgumentException("countdown must be >= 0, was " + countdown);
    }
    if (id != null && (id.isEmpty() || id.length() > 200)) {
      throw new IllegalArgumentException("task id must be 1 to 200 characters, was '" + id + "'");
    }
    headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
    if (priority != null && (priority < 0 || priority > MAX_PRIORITY)) {
      throw new IllegalArgumentException(
          "priority must be 0 to " + MAX_PRIORITY + ", was " + priority);
    }
    if (expiresAt != null && expiresIn != null) {
      throw new IllegalArgumentException("give expiresAt or expiresIn, not both");
    }
    requirePositive(expiresIn, "expiresIn");
    requirePositive(timeLimit, "timeLimit");
    requirePositive(softTimeLimit, "softTimeLimit");
    requirePositive(uniqueTtl, "uniqueTtl");
    if (uniqueKey != null && (uniqueKey.isEmpty() || uniqueKey.length() > 200)) {
      throw new IllegalArgumentException("unique key must be 1 to 200 characters");
    }
    if (uniqueTtl != null && uniqueKey == null) {
      throw new IllegalArgumentException("uniqueTtl needs a uniqueKey");
    }
    onSuccess = List.copyOf(onSuccess);
    onFailure = List.copyOf(onFailure);
    if (shardKey != null && (shardKey.isEmpty() || shardKey.length() > 200)) {
      throw new IllegalArgumentException("shard key must be 1 to 200 characters");
    }
  }

  /** Whether the task has callbacks. */
  public boolean hasCallbacks() {
    return !onSuccess.isEmpty() || !onFailure.isEmpty();
  }

  private static void requirePositive(@Nullable Duration d, String name) {
    if (d != null && (d.isNegative() || d.isZero())) {
      throw new IllegalArgumentException(name + " must be > 0, was " + d);
    }
  }

  /** These options over {@code defaults}: a field set here wins; headers are merged. */
  public TaskOptions mergedOver(TaskOptions defaults) {
    Map<String, String> merged = new LinkedHashMap<>(defaults.headers);
    merged.putAll(headers);
    boolean delayed = countdown != null || eta != null;
    boolean expiring = expiresAt != null || expiresIn != null;
    boolean unique = uniqueKey != null;
    return new TaskOptions(
        queue != null ? queue : defaults.queue,
        delayed ? countdown : defaults.countdown,
        delayed ? eta : defaults.eta,
        merged,
        correlationId != null ? correlationId : defaults.correlationId,
        id != null ? id : defaults.id,
        rejectDuplicate || defaults.rejectDuplicate,
        priority != null ? priority : defaults.priority,
        expiring ? expiresAt : defaults.expiresAt,
        expiring ? expiresIn : defaults.expiresIn,
        timeLimit != null ? timeLimit : defaults.timeLimit,
        softTimeLimit != null ? softTimeLimit : defaults.softTimeLimit,
        unique ? uniqueKey : defaults.uniqueKey,
        unique ? uniqueTtl : defaults.uniqueTtl,
        !onSuccess.isEmpty() ? onSuccess : defaults.onSuccess,
        !onFailure.isEmpty() ? onFailure : defaults.onFailure,
        shardKey != null ? shardKey : defaults.shardKey);
  }

  /** The priority to store: the one given, else 0. */
  public int priorityOrDefault() {
    return priority == null ? 0 : priority;
  }

  /** The unique key's TTL: the one given, else {@link #DEFAULT_UNIQUE_TTL}. */
  public Duration uniqueTtlOrDefault() {
    return uniqueTtl == null ? DEFAULT_UNIQUE_TTL : uniqueTtl;
  }

  public static Builder builder() {
    return new Builder(DEFAULT);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builder for {@link TaskOptions}. */
  public static final class Builder {
    private @Nullable String queue;
    private @Nullable Duration countdown;
    private @Nullable Instant eta;
    private Map<String, String> headers;
    private @Nullable String correlationId;
    private @Nullable String id;
    private boolean rejectDuplicate;
    private @Nullable Integer priority;
    private @Nullable Instant expiresAt;
    private @Nullable Duration expiresIn;
    private @Nullable Duration timeLimit;
    private @Nullable Duration softTimeLimit;
    private @Nullable String uniqueKey;
    private @Nullable Duration uniqueTtl;
    private final List<Step> onSuccess;
    private final List<Step> onFailure;
    private @Nullable String shardKey;

    private Builder(TaskOptions from) {
      queue = from.queue;
      countdown = from.countdown;
      eta = from.eta;
      headers = new LinkedHashMap<>(from.headers);
      correlationId = from.correlationId;
      id = from.id;
      rejectDuplicate = from.rejectDuplicate;
      priority = from.priority;
      expiresAt = from.expiresAt;
      expiresIn = from.expiresIn;
      timeLimit = from.timeLimit;
      softTimeLimit = from.softTimeLimit;
      uniqueKey = from.uniqueKey;
      uniqueTtl = from.uniqueTtl;
      onSuccess = new ArrayList<>(from.onSuccess);
      onFailure = new ArrayList<>(from.onFailure);
      shardKey = from.shardKey;
    }

    /**
     * Submits {@code step} once when the task SUCCEEDED; without a payload it receives the
     * result.
     */
    public Builder onSuccess(Step step) {
      onSuccess.add(Objects.requireNonNull(step, "step"));
      return this;
    }

    /** Submits {@code definition} with {@code payload} once when the task SUCCEEDED. */
    public <P> Builder onSuccess(TaskDefinition<P> definition, P payload) {
      return onSuccess(Step.step(definition, payload));
    }

    /**
     * Submits {@code step} once when the task ended DEAD, REVOKED or EXPIRED; without a payload
     * it receives a description of the failure (see {@link Step}).
     */
    public Builder onFailure(Step step) {
      onFailure.add(Objects.requireNonNull(step, "step"));
      return this;
    }

    /** Submits {@code definition} with {@code payload} once when the task did not succeed. */
    public <P> Builder onFailure(TaskDefinition<P> definition, P payload) {
      return onFailure(Step.step(definition, payload));
    }

    public Builder queue(@Nullable String queue) {
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

    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    public Builder headers(Map<String, String> headers) {
      this.headers = new LinkedHashMap<>(headers);
      return this;
    }

    public Builder correlationId(@Nullable String correlationId) {
      this.correlationId = correlationId;
      return this;
    }

    public Builder id(@Nullable String id) {
      this.id = id;
      return this;
    }

    public Builder rejectDuplicate(boolean rejectDuplicate) {
      this.rejectDuplicate = rejectDuplicate;
      return this;
    }

    public Builder priority(@Nullable Integer priority) {
      this.priority = priority;
      return this;
    }

    public Builder expiresAt(@Nullable Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    public Builder expiresIn(@Nullable Duration expiresIn) {
      this.expiresIn = expiresIn;
      return this;
    }

    public Builder timeLimit(@Nullable Duration timeLimit) {
      this.timeLimit = timeLimit;
      return this;
    }

    public Builder softTimeLimit(@Nullable Duration softTimeLimit) {
      this.softTimeLimit = softTimeLimit;
      return this;
    }

    /** A unique key holding for {@link TaskOptions#DEFAULT_UNIQUE_TTL}. */
    public Builder uniqueKey(@Nullable String uniqueKey) {
      this.uniqueKey = uniqueKey;
      return this;
    }

    /** A unique key holding at least {@code ttl} after submission. */
    public Builder uniqueKey(String uniqueKey, Duration ttl) {
      this.uniqueKey = uniqueKey;
      this.uniqueTtl = ttl;
      return this;
    }

    /**
     * On a sharded queue, the key that picks the shard: tasks with one key keep their order
     * (see {@link TaskOptions#shardKey()}).
     */
    public Builder shardKey(@Nullable String shardKey) {
      this.shardKey = shardKey;
      return this;
    }

    public TaskOptions build() {
      return new TaskOptions(queue, countdown, eta, headers, correlationId, id, rejectDuplicate,
          priority, expiresAt, expiresIn, timeLimit, softTimeLimit, uniqueKey, uniqueTtl,
          onSuccess, onFailure, shardKey);
    }
  }
}
