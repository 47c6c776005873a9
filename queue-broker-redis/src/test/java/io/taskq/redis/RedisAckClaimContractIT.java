package io.taskq.redis;

import io.taskq.embedded.ManualClock;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.spi.AckClaimContractTest;
import io.taskq.spi.Broker;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The combined ack and claim on a real redis-server: one {@code ack_claim.lua} call, with "now"
 * injected through the scripts' ARGV.
 */
class RedisAckClaimContractIT extends AckClaimContractTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Override
  protected Broker newBroker(ManualClock clock) {
    return REDIS.broker(clock);
  }
}
