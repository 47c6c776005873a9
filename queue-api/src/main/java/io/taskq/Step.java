package io.taskq;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One task of a workflow or a callback: a definition, with a fixed payload or none. A step
 * without a payload receives what came before it: a chain step the previous step's result, a
 * chord body the list of its members' results in member order, a success callback its task's
 * result, a failure callback a description of the failure ({@code id}, {@code queue},
 * {@code task}, {@code state}, {@code error}: {@code type}, {@code message}).
 *
 * <pre>{@code
 * import static io.taskq.Step.step;
 *
 * client.chain(step(FETCH, url), step(PARSE), step(STORE));
 * client.chord(List.of(step(RESIZE, a), step(RESIZE, b)), step(ZIP));
 * }</pre>
 *
 * Of the step's options (its definition's defaults, then {@link #with}), a follow-up keeps the
 * queue, headers, priority and time limits; countdowns, ETAs, expiry, ids and unique keys are
 * for tasks submitted directly. Immutable.
 *
 * @param task the task name
 * @param payload the fixed payload, or {@code null} with {@code fixed} false
 * @param fixed whether the step has a fixed payload ({@code null} may be one)
 * @param options the step's options over its definition's defaults
 */
public record Step(String task, @Nullable Object payload, boolean fixed, TaskOptions options) {
  public Step {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(options, "options");
  }

  /** A step with a fixed payload. */
  public static <P> Step step(TaskDefinition<P> definition, P payload) {
    return new Step(definition.name(), payload, true, queueOf(definition));
  }

  /** A step that receives what came before it (see the class comment). */
  public static Step step(TaskDefinition<?> definition) {
    return new Step(definition.name(), null, false, queueOf(definition));
  }

  /** A step with a fixed payload, of a definition that declares its result type. */
  public static <P> Step step(TaskDefinition.Returning<P, ?> task, P payload) {
    return step(task.definition(), payload);
  }

  /** A step that receives what came before it, of a definition that declares its result type. */
  public static Step step(TaskDefinition.Returning<?, ?> task) {
    return step(task.definition());
  }

  /** This step with {@code options} over its own. */
  public Step with(TaskOptions options) {
    return new Step(task, payload, fixed, options.mergedOver(this.options));
  }

  /** The queue the step runs in. */
  public String queue() {
    return Objects.requireNonNull(options.queue(), "queue");
  }

  private static TaskOptions queueOf(TaskDefinition<?> d) {
    return d.defaults().queue() != null ? d.defaults()
        : d.defaults().toBuilder().queue(d.queue()).build();
  }

  @Override
  public String toString() {
    return "Step[" + task + "]";
  }
}
