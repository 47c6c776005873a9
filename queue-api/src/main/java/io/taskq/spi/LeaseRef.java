package io.taskq.spi;

import java.util.Objects;

/**
 * Names one claim of a task: the id and the fencing token the claim received.
 *
 * @param id task id
 * @param token fencing token of the claim
 */
public record LeaseRef(String id, String token) {
  public LeaseRef {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(token, "token");
  }
}
