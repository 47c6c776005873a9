package io.taskq.redis;

import io.taskq.embedded.ManualClock;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.spi.Broker;
import io.taskq.spi.QueueAdminContractTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The queue admin contract on redis-server. */
class RedisQueueAdminIT extends QueueAdminContractTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Override
  protected Broker newBroker(ManualClock clock) {
    return REDIS.emptyBroker(clock);
  }
}
