package io.taskq.spi;

/**
 * A registration of {@link Broker#watchFinished}; closing it stops the notices. Idempotent.
 */
public interface FinishWatch extends AutoCloseable {
  @Override
  void close();
}
