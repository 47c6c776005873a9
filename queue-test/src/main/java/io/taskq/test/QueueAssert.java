package io.taskq.test;

import io.taskq.spi.QueueCounts;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the tasks of one queue, counted when each assertion runs. Chain them:
 * {@code assertThat(taskq).queue("email").hasDead(1).hasPending(0)}.
 */
public final class QueueAssert extends AbstractAssert<QueueAssert, Taskq> {
  private final String queue;

  QueueAssert(Taskq actual, String queue) {
    super(actual, QueueAssert.class);
    this.queue = queue;
  }

  /** Checks how many tasks are pending (due, waiting for a worker). */
  public QueueAssert hasPending(long expected) {
    return has("pending", counts().pending(), expected);
  }

  /** Checks how many tasks wait for a countdown or an ETA. */
  public QueueAssert hasScheduled(long expected) {
    return has("scheduled", counts().scheduled(), expected);
  }

  /** Checks how many tasks failed and wait for their retry backoff. */
  public QueueAssert hasRetrying(long expected) {
    return has("waiting for a retry", counts().retry(), expected);
  }

  /** Checks how many tasks are in the dead-letter queue. */
  public QueueAssert hasDead(long expected) {
    return has("dead", counts().dead(), expected);
  }

  /** Checks how many attempts succeeded on this queue since the harness was created. */
  public QueueAssert hasSucceeded(long expected) {
    return has("succeeded", actual.succeeded(queue), expected);
  }

  /** Checks that no task is left to run: none pending, active, scheduled or retrying. */
  public QueueAssert hasNothingLeftToRun() {
    QueueCounts c = counts();
    if (c.live() != 0) {
      failWithMessage("Expected queue %s to have nothing left to run, but it has %s pending, %s"
          + " active, %s scheduled and %s waiting for a retry (now %s)", queue, c.pending(),
          c.active(), c.scheduled(), c.retry(), actual.now());
    }
    return this;
  }

  private QueueCounts counts() {
    isNotNull();
    return actual.broker().counts(queue);
  }

  private QueueAssert has(String what, long count, long expected) {
    if (count != expected) {
      failWithMessage("Expected queue %s to have %s %s task(s), but it has %s (%s)", queue,
          expected, what, count, counts());
    }
    return this;
  }
}
