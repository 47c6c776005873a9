package io.taskq.redis;

import io.taskq.embedded.ManualClock;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.spi.Broker;
import io.taskq.spi.TaskPageContractTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The page-read contract on a real redis-server: {@code list_page.lua}. */
class RedisTaskPageContractIT extends TaskPageContractTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Override
  protected Broker newBroker(ManualClock clock) {
    return REDIS.broker(clock);
  }
}
