package io.taskq.otel.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.taskq.TaskContext;
import io.taskq.TaskInterceptor;
import io.taskq.otel.TaskHeaders;
import org.jspecify.annotations.Nullable;

/**
 * A CONSUMER span {@code execute <queue>} around each attempt, a child of the context the
 * propagator reads from the task's headers (the submit's span; a new trace when there is none).
 * The span and the extracted baggage are current while the handler runs; an exception the
 * attempt ends with sets status ERROR and records an {@code exception} event.
 */
public final class TracingTaskInterceptor implements TaskInterceptor {
  static final String OPERATION = "execute";

  private final Tracer tracer;
  private final TextMapPropagator propagator;

  public TracingTaskInterceptor(Tracer tracer, TextMapPropagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  @Override
  public @Nullable Object aroundTask(TaskContext task, Proceed proceed) throws Exception {
    Context parent = propagator.extract(Context.current(), task.headers(), TaskHeaders.GETTER);
    Span span = MessagingSpans.common(
            tracer.spanBuilder(OPERATION + " " + task.queue())
                .setSpanKind(SpanKind.CONSUMER).setParent(parent),
            "process", OPERATION, task.queue(), task.id(), task.taskName())
        .setAttribute(MessagingSpans.TASK_ATTEMPT, (long) task.attempt())
        .startSpan();
    try (Scope ignored = parent.with(span).makeCurrent()) {
      return proceed.proceed();
    } catch (Exception | Error e) {
      MessagingSpans.failed(span, e);
      throw e;
    } finally {
      span.end();
    }
  }
}
