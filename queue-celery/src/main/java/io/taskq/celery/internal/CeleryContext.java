package io.taskq.celery.internal;

import io.taskq.TaskContext;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The context a handler sees for a Celery task: taskq's, with Celery's retry count (retries the
 * message had when it arrived, e.g. re-sent by a Python worker, plus taskq's own) as
 * {@link #retries()}, so {@code ctx.retries() == 0} reads like {@code self.request.retries == 0}.
 */
final class CeleryContext implements TaskContext {
  private final TaskContext taskq;
  private final int retries;

  CeleryContext(TaskContext taskq, int retries) {
    this.taskq = taskq;
    this.retries = retries;
  }

  @Override
  public String id() {
    return taskq.id();
  }

  @Override
  public String queue() {
    return taskq.queue();
  }

  @Override
  public String taskName() {
    return taskq.taskName();
  }

  @Override
  public int attempt() {
    return retries + 1;
  }

  @Override
  public int retries() {
    return retries;
  }

  @Override
  public int crashRecoveries() {
    return taskq.crashRecoveries();
  }

  @Override
  public Map<String, String> headers() {
    return taskq.headers();
  }

  @Override
  public @Nullable String correlationId() {
    return taskq.correlationId();
  }

  @Override
  public boolean isShuttingDown() {
    return taskq.isShuttingDown();
  }

  @Override
  public boolean isCancelled() {
    return taskq.isCancelled();
  }
}
