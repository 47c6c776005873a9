package io.taskq.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.Health;
import io.taskq.Health.Status;
import io.taskq.config.RedisConfig;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.spi.Broker;
import io.taskq.spi.InspectorHealthContractTest;
import io.taskq.embedded.ManualClock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Inspector health on redis-server, plus what only Redis can show: server state, broken keys. */
class RedisInspectorHealthIT extends InspectorHealthContractTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Override
  protected Broker newBroker(ManualClock clock) {
    REDIS.server().cli("FLUSHALL");
    REDIS.server().cli("CONFIG", "SET", "maxmemory-policy", "noeviction");
    return RedisBroker.builder(RedisConfig.DEFAULT.withUrl(REDIS.url())).clockOverride(clock)
        .build();
  }

  @Test
  void aQueueWithAKeyOfTheWrongTypeIsNamedAndTheOthersStillChecked() {
    REDIS.server().cli("SET", "taskq:{broken}:scheduled", "garbage");

    Health h = inspector.health(List.of("broken", "fine"));

    assertThat(h.status()).isEqualTo(Status.DEGRADED);
    assertThat(h.queues().get(0).stats()).isNull();
    assertThat(h.queues().get(0).problems()).singleElement().asString()
        .contains("taskq:{broken}:scheduled");
    assertThat(h.queues().get(1).status()).isEqualTo(Status.UP);
  }

  @Test
  void anEvictionPolicyOtherThanNoevictionIsAWarning() {
    REDIS.server().cli("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");

    Health h = inspector.health();

    assertThat(h.status()).isEqualTo(Status.DEGRADED);
    assertThat(h.broker().status()).isEqualTo(Status.DEGRADED);
    assertThat(h.broker().warnings()).singleElement().asString()
        .startsWith("Redis maxmemory-policy is allkeys-lru");
  }
}
