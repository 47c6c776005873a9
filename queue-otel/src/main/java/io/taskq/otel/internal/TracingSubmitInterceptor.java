package io.taskq.otel.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.taskq.SubmitInterceptor;
import io.taskq.otel.TaskHeaders;

/**
 * A PRODUCER span {@code submit <queue>} around each submit, a child of the current context, whose
 * context the propagator writes into the task's headers. In a bulk submit the span covers the
 * task's interceptors only (the batch is sent after).
 */
public final class TracingSubmitInterceptor implements SubmitInterceptor {
  static final String OPERATION = "submit";

  private final Tracer tracer;
  private final TextMapPropagator propagator;

  public TracingSubmitInterceptor(Tracer tracer, TextMapPropagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  @Override
  public void aroundSubmit(Submission submission, Proceed proceed) {
    Context parent = Context.current();
    Span span = MessagingSpans.common(
            tracer.spanBuilder(OPERATION + " " + submission.queue())
                .setSpanKind(SpanKind.PRODUCER).setParent(parent),
            "send", OPERATION, submission.queue(), submission.id(), submission.taskName())
        .startSpan();
    Context context = parent.with(span);
    propagator.inject(context, submission, TaskHeaders.SETTER);
    try (Scope ignored = context.makeCurrent()) {
      proceed.proceed();
    } catch (RuntimeException | Error e) {
      MessagingSpans.failed(span, e);
      throw e;
    } finally {
      span.end();
    }
  }
}
