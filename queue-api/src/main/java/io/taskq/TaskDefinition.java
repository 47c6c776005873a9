package io.taskq;

import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The typed handle a producer and a worker share: the task's name, the Java type its payload binds
 * to, the queue it goes to by default and its default submit options. Payloads are encoded as JSON
 * of exactly this type (no polymorphic typing). Immutable and thread-safe; declare one constant
 * per task.
 *
 * <pre>{@code
 * static final TaskDefinition<SendEmail> SEND_EMAIL =
 *     TaskDefinition.of("email.send", SendEmail.class).withQueue("email");
 * }</pre>
 *
 * @param name task name, {@code [A-Za-z0-9._:-]{1,200}}, unique within an application
 * @param payloadType type the payload is encoded from and decoded into
 * @param queue queue used when the submit options name none (default {@code "default"})
 * @param defaults options merged under the options given at submit time
 * @param retry retry policy of this task; {@code null} means the queue's policy applies
 * @param <P> payload type
 */
public record TaskDefinition<P>(
    String name, Class<P> payloadType, String queue, TaskOptions defaults,
    @Nullable RetryPolicy retry) {

  /** Queue of a definition that names none. */
  public static final String DEFAULT_QUEUE = "default";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

  public TaskDefinition {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "task name must match [A-Za-z0-9._:-]{1,200}, was '" + name + "'");
    }
    Objects.requireNonNull(payloadType, "payloadType");
    QueueConfig.requireValidName(queue);
    Objects.requireNonNull(defaults, "defaults");
  }

  /** A definition on the {@code default} queue with no default options. */
  public static <P> TaskDefinition<P> of(String name, Class<P> payloadType) {
    return new TaskDefinition<>(name, payloadType, DEFAULT_QUEUE, TaskOptions.DEFAULT, null);
  }

  /** This definition with another default queue. */
  public TaskDefinition<P> withQueue(String queue) {
    return new TaskDefinition<>(name, payloadType, queue, defaults, retry);
  }

  /** This definition with other default options. */
  public TaskDefinition<P> withDefaults(TaskOptions defaults) {
    return new TaskDefinition<>(name, payloadType, queue, defaults, retry);
  }

  /** This definition with its own retry policy, used instead of the queue's. */
  public TaskDefinition<P> withRetry(@Nullable RetryPolicy retry) {
    return new TaskDefinition<>(name, payloadType, queue, defaults, retry);
  }

  @Override
  public String toString() {
    return "TaskDefinition[" + name + " -> " + queue + "]";
  }
}
