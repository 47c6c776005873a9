package io.taskq.spi;

/**
 * Told when tasks of a watched queue reach a final state (SUCCEEDED, DEAD, REVOKED, EXPIRED).
 * See {@link Broker#watchFinished}.
 *
 * <p>Called on a broker thread (for Redis, the client's I/O thread): an implementation returns at
 * once and never calls the broker from the callback; it hands real work to a thread of its own.
 */
public interface FinishListener {
  /** Task {@code id} of {@code queue} reached a final state (its record may say which). */
  void finished(String queue, String id);

  /**
   * Notices may have been lost (the broker's connection was re-established): a listener that
   * waits for particular tasks reads their state again. The default does nothing.
   */
  default void mayHaveMissed(String queue) {}
}
