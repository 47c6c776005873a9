package io.taskq.spi;

import java.util.Objects;

/**
 * A revoke of a task a worker holds, sent to that worker (see {@link Broker#watchRevokes}).
 *
 * @param queue the task's queue
 * @param lease the claim that was revoked (id and token): a later claim of the same id is not
 *     meant
 * @param terminate stop the handler now; otherwise let it finish but do not retry it
 */
public record RevokeSignal(String queue, LeaseRef lease, boolean terminate) {
  public RevokeSignal {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(lease, "lease");
  }
}
