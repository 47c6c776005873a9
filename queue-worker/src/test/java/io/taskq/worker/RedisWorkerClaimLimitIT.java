package io.taskq.worker;

import io.taskq.config.RedisConfig;
import io.taskq.redis.RedisBroker;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.spi.Broker;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two workers under one queue's limits on a real redis-server, on Redis time. */
class RedisWorkerClaimLimitIT extends WorkerClaimLimitContractTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Override
  protected Broker newBroker() {
    REDIS.server().cli("FLUSHALL");
    return RedisBroker.builder(RedisConfig.DEFAULT.withUrl(REDIS.url())).build();
  }
}
