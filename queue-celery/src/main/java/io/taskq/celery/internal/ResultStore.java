package io.taskq.celery.internal;

/** Where a worker stores Celery result meta ({@code celery-task-meta-<id>}, SET + PUBLISH). */
@FunctionalInterface
public interface ResultStore {
  void store(String taskId, String metaJson);
}
