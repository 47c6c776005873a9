package io.taskq.otel;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.taskq.SubmitInterceptor;
import io.taskq.TaskInterceptor;
import io.taskq.TaskModule;
import io.taskq.otel.internal.TracingSubmitInterceptor;
import io.taskq.otel.internal.TracingTaskInterceptor;
import java.util.Objects;

/**
 * OpenTelemetry tracing of taskq, with the OpenTelemetry API only (the application brings the SDK
 * or the Java agent):
 *
 * <pre>{@code
 * TaskqTelemetry telemetry = TaskqTelemetry.create(openTelemetry);
 * TaskClient client = TaskClient.builder().config(config)
 *     .interceptor(telemetry.submitInterceptor()).build();
 * Worker worker = Worker.builder().config(config)
 *     .interceptor(telemetry.taskInterceptor()).module(new EmailTasks()).build();
 * }</pre>
 *
 * The submit interceptor records a PRODUCER span {@code submit <queue>}, a child of the
 * submitting thread's current span (or the root of a new trace), and writes the context with the
 * {@code OpenTelemetry}'s propagators (W3C {@code traceparent}, {@code tracestate}, and
 * {@code baggage} when configured) into the task's headers. The task interceptor reads them back
 * and records a CONSUMER span {@code execute <queue>} per attempt, a child of that producer span,
 * current while the handler runs. Attributes follow OpenTelemetry's messaging conventions; no
 * payload or result is ever recorded ({@code docs/otel.md}).
 */
public final class TaskqTelemetry {
  /** The instrumentation scope of the spans. */
  public static final String INSTRUMENTATION_NAME = "io.taskq.otel";

  private final Tracer tracer;
  private final TextMapPropagator propagator;

  private TaskqTelemetry(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer(INSTRUMENTATION_NAME);
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
  }

  /** Tracing with this OpenTelemetry's tracer provider and propagators. */
  public static TaskqTelemetry create(OpenTelemetry openTelemetry) {
    return new TaskqTelemetry(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /** For {@code TaskClient.Builder.interceptor}: a span per submit, the context into headers. */
  public SubmitInterceptor submitInterceptor() {
    return new TracingSubmitInterceptor(tracer, propagator);
  }

  /** For {@code Worker.Builder.interceptor}: a span per attempt, continuing the submit's trace. */
  public TaskInterceptor taskInterceptor() {
    return new TracingTaskInterceptor(tracer, propagator);
  }

  /** A module adding {@link #taskInterceptor()} to a worker ({@link TracingModule}). */
  public TaskModule module() {
    TaskInterceptor interceptor = taskInterceptor();
    return registry -> registry.intercept(interceptor);
  }
}
