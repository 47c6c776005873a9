package io.taskq.worker;

import java.time.Duration;

/**
 * Told about every task outcome a worker records (metrics, progress displays). Called after the
 * broker recorded the outcome, on the task's thread or, for a success (whose ack is batched), on
 * the worker's ack thread; must be fast and thread-safe, and must not throw.
 */
@FunctionalInterface
public interface OutcomeListener {
  /**
   * @param queue the queue the task was claimed from
   * @param task the task name ({@code unknown} when it could not be read)
   * @param outcome how the attempt ended
   * @param duration how long the handler ran (zero when it never started)
   */
  void completed(String queue, String task, Outcome outcome, Duration duration);

  /** A listener that does nothing. */
  OutcomeListener NONE = (queue, task, outcome, duration) -> { };
}
