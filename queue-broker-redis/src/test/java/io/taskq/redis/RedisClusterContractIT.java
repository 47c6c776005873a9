package io.taskq.redis;

import io.taskq.config.RedisConfig;
import io.taskq.embedded.ManualClock;
import io.taskq.spi.AckClaimContractTest;
import io.taskq.spi.BeatStoreContractTest;
import io.taskq.spi.Broker;
import io.taskq.spi.BrokerContractTest;
import io.taskq.spi.ClaimLimitContractTest;
import io.taskq.spi.PriorityContractTest;
import io.taskq.spi.QueueAdminContractTest;
import io.taskq.spi.RecordsContractTest;
import io.taskq.spi.RevokeContractTest;
import io.taskq.spi.TaskPageContractTest;
import io.taskq.spi.UniquenessContractTest;
import io.taskq.test.redis.RedisClusterExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker contracts on a local 3-primary, 3-replica Redis Cluster, one cluster for all of
 * them. Test queues hash to all three primaries, so every script runs against routed slots; the
 * connector refuses any script call whose keys lie in two slots, so each contract also checks
 * that its call sites keep to one slot.
 */
class RedisClusterContractIT {
  @RegisterExtension static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

  static Broker broker(ManualClock clock) {
    return RedisBroker.builder(RedisConfig.DEFAULT.withUrl(CLUSTER.url())).clockOverride(clock)
        .build();
  }

  static Broker emptyBroker(ManualClock clock) {
    CLUSTER.cluster().flushAll();
    return broker(clock);
  }

  @Nested
  class Lifecycle extends BrokerContractTest {
    @Override
    protected Broker newBroker(ManualClock clock) {
      return broker(clock);
    }
  }

  @Nested
  class AckClaim extends AckClaimContractTest {
    @Override
    protected Broker newBroker(ManualClock clock) {
      return broker(clock);
    }
  }

  @Nested
  class Priorities extends PriorityContractTest {
    @Override
    protected Broker newBroker(ManualClock clock) {
      return broker(clock);
    }
  }

  @Nested
  class Pages extends TaskPageContractTest {
    @Override
    protected Broker newBroker(ManualClock clock) {
      return broker(clock);
    }
  }

  @Nested
  class ClaimLimits extends ClaimLimitContractTest {
    @Override
    protected Broker newBroker(ManualClock clock) {
      return broker(clock);
    }
  }

  @Nested
  class Records extends RecordsContractTest {
    @Override
    protected Broker newBroker(ManualClock clock) {
      return broker(clock);
    }
  }

  @Nested
  class Revokes extends RevokeContractTest {
    @Override
    protected Broker newBroker(ManualClock clock) {
      return broker(clock);
    }
  }

  @Nested
  class Uniqueness extends UniquenessContractTest {
    @Override
    protected Broker newBroker(ManualClock clock) {
      return broker(clock);
    }
  }

  @Nested
  class Admin extends QueueAdminContractTest {
    @Override
    protected Broker newBroker(ManualClock clock) {
      return emptyBroker(clock);
    }
  }

  @Nested
  class Beat extends BeatStoreContractTest {
    @Override
    protected Broker newBroker(ManualClock clock) {
      return emptyBroker(clock);
    }
  }
}
