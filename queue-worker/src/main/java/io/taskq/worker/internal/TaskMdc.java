package io.taskq.worker.internal;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/** The MDC keys set around a handler call and its outcome; removed again on close. */
final class TaskMdc implements AutoCloseable {
  static final String QUEUE = "taskq.queue";
  static final String TASK = "taskq.task";
  static final String TASK_ID = "taskq.taskId";
  static final String ATTEMPT = "taskq.attempt";
  static final String CORRELATION_ID = "correlationId";

  private TaskMdc() {}

  static TaskMdc put(String queue, String task, String id, int attempt,
      @Nullable String correlationId) {
    MDC.put(QUEUE, queue);
    MDC.put(TASK, task);
    MDC.put(TASK_ID, id);
    MDC.put(ATTEMPT, Integer.toString(attempt));
    if (correlationId != null) {
      MDC.put(CORRELATION_ID, correlationId);
    }
    return new TaskMdc();
  }

  @Override
  public void close() {
    MDC.remove(QUEUE);
    MDC.remove(TASK);
    MDC.remove(TASK_ID);
    MDC.remove(ATTEMPT);
    MDC.remove(CORRELATION_ID);
  }
}
