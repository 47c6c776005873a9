package io.taskq.otel;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.taskq.TaskModule;
import io.taskq.TaskRegistry;

/**
 * A {@link TaskModule} that traces every attempt of the worker with
 * {@link TaskqTelemetry#taskInterceptor()}. Its no-argument constructor uses
 * {@link GlobalOpenTelemetry} (set by the OpenTelemetry Java agent or the SDK's autoconfigure), so
 * it can be listed in a jar's {@code META-INF/services/io.taskq.TaskModule} for
 * {@code taskq worker --classpath}. This jar lists none itself: adding it to a class path turns
 * nothing on.
 */
public final class TracingModule implements TaskModule {
  private final TaskModule delegate;

  /** Traces with {@link GlobalOpenTelemetry#get()}. */
  public TracingModule() {
    this(GlobalOpenTelemetry.get());
  }

  /** Traces with this OpenTelemetry. */
  public TracingModule(OpenTelemetry openTelemetry) {
    this.delegate = TaskqTelemetry.create(openTelemetry).module();
  }

  @Override
  public void register(TaskRegistry registry) {
    delegate.register(registry);
  }
}
