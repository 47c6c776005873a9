package io.taskq;

import java.util.Objects;

/**
 * A submitted task: its id and the queue it lives in (lookups by handle need no search).
 *
 * @param id task id (UUIDv7 unless the caller supplied one)
 * @param queue the queue the task was submitted to
 */
public record TaskHandle(String id, String queue) {
  public TaskHandle {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(queue, "queue");
  }
}
