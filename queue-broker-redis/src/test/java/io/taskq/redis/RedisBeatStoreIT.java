package io.taskq.redis;

import io.taskq.config.RedisConfig;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.spi.BeatStoreContractTest;
import io.taskq.spi.Broker;
import io.taskq.embedded.ManualClock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The beat store contract on redis-server (lease expiry is Redis's own PX, in real time). */
class RedisBeatStoreIT extends BeatStoreContractTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Override
  protected Broker newBroker(ManualClock clock) {
    REDIS.server().cli("FLUSHALL");
    return RedisBroker.builder(RedisConfig.DEFAULT.withUrl(REDIS.url())).clockOverride(clock)
        .build();
  }
}
