package io.taskq;

import org.jspecify.annotations.Nullable;

/**
 * The broker is reachable but refused to write: Redis at {@code maxmemory} with the
 * {@code noeviction} policy ("OOM command not allowed"), a read-only replica, or a server that
 * cannot persist ("MISCONF"). The refused command changed nothing; submitting again is safe once
 * the operator freed memory or fixed the server. The CLI exits 3 (refused).
 */
public class BrokerRefusedException extends TaskqException {
  private static final long serialVersionUID = 1L;

  public BrokerRefusedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
