package io.taskq.worker;

import io.taskq.config.RedisConfig;
import io.taskq.embedded.ManualClock;
import io.taskq.redis.RedisBroker;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.spi.Broker;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Prefetch at the worker on a real redis-server, "now" injected through the scripts. */
class RedisWorkerPrefetchIT extends WorkerPrefetchContractTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Override
  protected Broker newBroker(ManualClock clock) {
    REDIS.server().cli("FLUSHALL");
    return RedisBroker.builder(RedisConfig.DEFAULT.withUrl(REDIS.url())).clockOverride(clock)
        .build();
  }
}
