package io.taskq.redis;

import io.taskq.embedded.ManualClock;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.spi.Broker;
import io.taskq.spi.ClaimLimitContractTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The claim limits on a real redis-server, with "now" injected through the scripts' ARGV. */
class RedisClaimLimitContractIT extends ClaimLimitContractTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Override
  protected Broker newBroker(ManualClock clock) {
    return REDIS.broker(clock);
  }
}
