package io.taskq.spi;

import java.util.List;
import java.util.Objects;

/**
 * What one {@link Broker#ackAndClaim} got.
 *
 * @param rejected the ids whose ack was rejected because the claim is no longer held, in ack
 *     order (as {@link Broker#ack} returns them)
 * @param claimed the next batch claimed (as {@link Broker#claim(ClaimRequest)} returns it)
 */
public record AckClaimResult(List<String> rejected, ClaimResult claimed) {
  public AckClaimResult {
    rejected = List.copyOf(Objects.requireNonNull(rejected, "rejected"));
    Objects.requireNonNull(claimed, "claimed");
  }
}
