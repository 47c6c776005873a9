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

  /**
   * This definition with a declared result type: {@link TaskClient#submit(Returning, Object)}
   * then returns a {@link TaskHandle TaskHandle&lt;R&gt;} whose {@link TaskHandle#await} returns
   * the handler's value bound to {@code R}. The worker side is unchanged (a handler returns any
   * value; register {@link Returning#definition()} or the {@code Returning} itself).
   *
   * <pre>{@code
   * static final TaskDefinition.Returning<Add, Sum> ADD =
   *     TaskDefinition.of("math.add", Add.class).returning(Sum.class);
   * }</pre>
   */
  public <R> Returning<P, R> returning(Class<R> resultType) {
    return new Returning<>(this, resultType);
  }

  @Override
  public String toString() {
    return "TaskDefinition[" + name + " -> " + queue + "]";
  }

  /**
   * A task definition with the type its result binds to. Immutable and thread-safe; declare one
   * constant per task.
   *
   * @param definition name, payload type, queue, defaults and retry policy
   * @param resultType the type results are bound to (with Jackson) when awaited
   * @param <P> payload type
   * @param <R> result type
   */
  public record Returning<P, R>(TaskDefinition<P> definition, Class<R> resultType) {
    public Returning {
      Objects.requireNonNull(definition, "definition");
      Objects.requireNonNull(resultType, "resultType");
    }

    /** The task name. */
    public String name() {
      return definition.name();
    }

    /** This task on another default queue. */
    public Returning<P, R> withQueue(String queue) {
      return new Returning<>(definition.withQueue(queue), resultType);
    }

    /** This task with other default options. */
    public Returning<P, R> withDefaults(TaskOptions defaults) {
      return new Returning<>(definition.withDefaults(defaults), resultType);
    }

    /** This task with its own retry policy. */
    public Returning<P, R> withRetry(@Nullable RetryPolicy retry) {
      return new Returning<>(definition.withRetry(retry), resultType);
    }

    @Override
    public String toString() {
      return definition + " returning " + resultType.getSimpleName();
    }
  }
}
