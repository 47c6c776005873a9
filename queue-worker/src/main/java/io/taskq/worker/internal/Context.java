package io.taskq.worker.internal;

import io.taskq.TaskContext;
import io.taskq.internal.TaskEnvelope;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/** The {@link TaskContext} handed to a handler. */
record Context(TaskEnvelope envelope, int crashRecoveries, BooleanSupplier shuttingDown,
    BooleanSupplier cancelled) implements TaskContext {
  @Override
  public String id() {
    return envelope.id();
  }

  @Override
  public String queue() {
    return envelope.queue();
  }

  @Override
  public String taskName() {
    return envelope.task();
  }

  @Override
  public int attempt() {
    return envelope.attempt();
  }

  @Override
  public int retries() {
    return envelope.retries();
  }

  @Override
  public Map<String, String> headers() {
    return envelope.headers();
  }

  @Override
  public @Nullable String correlationId() {
    return envelope.correlationId();
  }

  @Override
  public boolean isShuttingDown() {
    return shuttingDown.getAsBoolean();
  }

  @Override
  public boolean isCancelled() {
    return cancelled.getAsBoolean();
  }

  @Override
  public String toString() {
    return "TaskContext[" + envelope.queue() + "/" + envelope.task() + "/" + envelope.id() + "]";
  }
}
