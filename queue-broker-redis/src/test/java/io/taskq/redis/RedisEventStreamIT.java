package io.taskq.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskq.embedded.ManualClock;
import io.taskq.redis.testing.RedisServerExtension;
import io.taskq.spi.Broker;
import io.taskq.spi.EventStreamContractTest;
import io.taskq.spi.TaskEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The event stream contract on a real redis-server, each test on an emptied server. */
class RedisEventStreamIT extends EventStreamContractTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Override
  protected Broker newBroker(ManualClock clock) {
    return REDIS.emptyBroker(clock);
  }

  @Test
  void storesEventsInTheGlobalStreamKeyWithFlatFields() {
    broker.events().append(List.of(new TaskEvent(TaskEvent.Type.RETRIED, "email", "send.welcome",
        "id-9", 2, "w-1", "host-a", Instant.ofEpochMilli(1_700_000_000_000L), null, null)), 100)
        .toCompletableFuture().join();

    assertThat(REDIS.server().cli("TYPE", RedisKeys.EVENTS)).isEqualTo("stream");
    assertThat(REDIS.server().cli("XRANGE", RedisKeys.EVENTS, "-", "+"))
        .contains("type", "retried", "queue", "email", "task", "send.welcome", "id", "id-9",
            "attempt", "2", "worker", "w-1", "host", "host-a", "ts", "1700000000000")
        .doesNotContain("error", "message");
  }
}
