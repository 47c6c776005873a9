package io.taskq.redis;

import io.taskq.embedded.ManualClock;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.spi.BeatStoreContractTest;
import io.taskq.spi.Broker;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The beat store contract on redis-server (lease expiry is Redis's own PX, in real time). */
class RedisBeatStoreIT extends BeatStoreContractTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Override
  protected Broker newBroker(ManualClock clock) {
    return REDIS.emptyBroker(clock);
  }
}
