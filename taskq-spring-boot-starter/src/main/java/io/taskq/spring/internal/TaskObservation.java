package io.taskq.spring.internal;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.taskq.TaskContext;
import io.taskq.TaskInterceptor;
import org.jspecify.annotations.Nullable;

/**
 * A Micrometer {@link Observation} {@value #NAME} around each attempt's handler (tags
 * {@code task}, {@code queue}; id and attempt as high-cardinality values). A consumer observation
 * whose carrier is the task's headers, so a tracing handler continues the trace that
 * {@link SubmitObservation} wrote there. The observation is in scope while the handler runs (its
 * logs carry the trace id); a handler's exception is recorded as the observation's error.
 */
public final class TaskObservation implements TaskInterceptor {
  /** The observation's name (a timer {@code taskq.execute} with Boot's meter handler). */
  public static final String NAME = "taskq.execute";

  private final ObservationRegistry registry;

  public TaskObservation(ObservationRegistry registry) {
    this.registry = registry;
  }

  @Override
  public @Nullable Object aroundTask(TaskContext task, Proceed proceed) throws Exception {
    ReceiverContext<TaskContext> context = new ReceiverContext<>(
        (carrier, key) -> carrier == null ? null : carrier.headers().get(key), Kind.CONSUMER);
    context.setCarrier(task);
    context.setRemoteServiceName("taskq");
    Observation observation = Observation.createNotStarted(NAME, () -> context, registry)
        .contextualName("execute " + task.taskName())
        .lowCardinalityKeyValue("task", task.taskName())
        .lowCardinalityKeyValue("queue", task.queue())
        .highCardinalityKeyValue("task.id", task.id())
        .highCardinalityKeyValue("task.attempt", Integer.toString(task.attempt()))
        .start();
    try (Observation.Scope scope = observation.openScope()) {
      return proceed.proceed();
    } catch (Exception | Error e) {
      observation.error(e);
      throw e;
    } finally {
      observation.stop();
    }
  }
}
