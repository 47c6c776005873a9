package io.taskq.worker;

import io.taskq.config.RedisConfig;
import io.taskq.redis.RedisBroker;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.spi.Broker;
import io.taskq.embedded.ManualClock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The worker's behaviour on a real redis-server, with "now" injected through the scripts. */
class RedisWorkerIT extends WorkerContractTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Override
  protected Broker newBroker(ManualClock clock) {
    REDIS.server().cli("FLUSHALL");
    return RedisBroker.builder(RedisConfig.DEFAULT.withUrl(REDIS.url())).clockOverride(clock)
        .build();
  }
}
