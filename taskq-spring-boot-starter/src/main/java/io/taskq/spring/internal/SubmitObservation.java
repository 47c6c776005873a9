package io.taskq.spring.internal;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import io.taskq.SubmitInterceptor;

/**
 * A Micrometer {@link Observation} {@value #NAME} around each submit (tags {@code task},
 * {@code queue}; the task id as a high-cardinality value, never a metric tag). It is a producer
 * observation whose carrier is the task: a tracing handler writes the trace context into the
 * task's headers ({@code traceparent} with OpenTelemetry), which {@link TaskObservation} reads
 * in the worker, so the execution continues the submitting trace.
 */
public final class SubmitObservation implements SubmitInterceptor {
  /** The observation's name (a timer {@code taskq.submit} with Boot's meter handler). */
  public static final String NAME = "taskq.submit";

  private final ObservationRegistry registry;

  public SubmitObservation(ObservationRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void aroundSubmit(Submission submission, Proceed proceed) {
    SenderContext<Submission> context = new SenderContext<>((carrier, key, value) -> {
      if (carrier != null) {
        carrier.header(key, value);
      }
    }, Kind.PRODUCER);
    context.setCarrier(submission);
    context.setRemoteServiceName("taskq");
    Observation.createNotStarted(NAME, () -> context, registry)
        .contextualName("submit " + submission.taskName())
        .lowCardinalityKeyValue("task", submission.taskName())
        .lowCardinalityKeyValue("queue", submission.queue())
        .highCardinalityKeyValue("task.id", submission.id())
        .observe(proceed::proceed);
  }
}
