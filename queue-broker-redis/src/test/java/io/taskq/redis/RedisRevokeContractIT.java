package io.taskq.redis;

import io.taskq.embedded.ManualClock;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.spi.Broker;
import io.taskq.spi.RevokeContractTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The revoke contract on a real redis-server, with "now" injected through the scripts' ARGV. */
class RedisRevokeContractIT extends RevokeContractTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Override
  protected Broker newBroker(ManualClock clock) {
    return REDIS.broker(clock);
  }
}
